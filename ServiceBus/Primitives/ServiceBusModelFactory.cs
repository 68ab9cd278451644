namespace ServiceBus;

/// <summary>
/// Builds the types only the broker otherwise creates, for unit tests of code that handles received messages (the
/// same purpose as Azure.Messaging.ServiceBus's factory of this name). A message built here has no delivery behind it:
/// settle it only through a test double of the receiver or of <see cref="ProcessMessageEventArgs"/>.
/// </summary>
public static class ServiceBusModelFactory
{
    public static ServiceBusReceivedMessage ServiceBusReceivedMessage(
        BinaryData? body = null,
        string? messageId = null,
        string? correlationId = null,
        string? subject = null,
        string? contentType = null,
        IDictionary<string, object?>? properties = null,
        long sequenceNumber = 1,
        int deliveryCount = 1,
        DateTimeOffset lockedUntil = default,
        DateTimeOffset enqueuedTime = default) => new()
    {
        Body = body ?? new BinaryData(ReadOnlyMemory<byte>.Empty),
        MessageId = messageId,
        CorrelationId = correlationId,
        Subject = subject,
        ContentType = contentType,
        ApplicationProperties = new Dictionary<string, object?>(properties ?? new Dictionary<string, object?>()),
        SequenceNumber = sequenceNumber,
        DeliveryCount = deliveryCount,
        LockedUntil = lockedUntil,
        EnqueuedTime = enqueuedTime,
        LockTokenGuid = Guid.NewGuid(),
    };
}
