namespace ServiceBus;

/// <summary>A message to send. Properties map onto AMQP sections exactly as Azure Service Bus expects them.</summary>
public class ServiceBusMessage
{
    public ServiceBusMessage()
        : this(new BinaryData(ReadOnlyMemory<byte>.Empty))
    {
    }

    public ServiceBusMessage(string body)
        : this(BinaryData.FromString(body))
    {
    }

    public ServiceBusMessage(ReadOnlyMemory<byte> body)
        : this(new BinaryData(body))
    {
    }

    public ServiceBusMessage(BinaryData body)
    {
        Body = body ?? throw new ArgumentNullException(nameof(body));
    }

    /// <summary>A new message carrying the body and user-settable properties of a received one (for forwarding).</summary>
    public ServiceBusMessage(ServiceBusReceivedMessage receivedMessage)
    {
        ArgumentNullException.ThrowIfNull(receivedMessage);
        Body = receivedMessage.Body;
        MessageId = receivedMessage.MessageId;
        CorrelationId = receivedMessage.CorrelationId;
        Subject = receivedMessage.Subject;
        ContentType = receivedMessage.ContentType;
        To = receivedMessage.To;
        ReplyTo = receivedMessage.ReplyTo;
        ReplyToSessionId = receivedMessage.ReplyToSessionId;
        SessionId = receivedMessage.SessionId;
        PartitionKey = receivedMessage.PartitionKey;
        if (receivedMessage.TimeToLive != TimeSpan.MaxValue)
        {
            TimeToLive = receivedMessage.TimeToLive;
        }

        foreach (var (key, value) in receivedMessage.ApplicationProperties)
        {
            if (key is not ("DeadLetterReason" or "DeadLetterErrorDescription"))
            {
                ApplicationProperties[key] = value;
            }
        }
    }

    public BinaryData Body { get; set; }

    /// <summary>Left to the broker when null (it assigns one), as Azure.Messaging.ServiceBus does.</summary>
    public string? MessageId { get; set; }

    public string? CorrelationId { get; set; }

    public string? Subject { get; set; }

    public string? ContentType { get; set; }

    public string? To { get; set; }

    public string? ReplyTo { get; set; }

    public string? ReplyToSessionId { get; set; }

    public string? SessionId { get; set; }

    public string? PartitionKey { get; set; }

    /// <summary>Null means the entity's default time to live.</summary>
    public TimeSpan? TimeToLive { get; set; }

    /// <summary>When set, the broker keeps the message invisible until this time.</summary>
    public DateTimeOffset ScheduledEnqueueTime { get; set; }

    /// <summary>String keys; values of simple types (string, numbers, bool, Guid, DateTime/Offset, TimeSpan, Uri, byte[]).</summary>
    public IDictionary<string, object?> ApplicationProperties { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    public override string ToString() => $"{{MessageId:{MessageId}}}";
}
