namespace ServiceBus;

/// <summary>A message as the broker delivered it: the sender's properties plus the broker's annotations.</summary>
public sealed class ServiceBusReceivedMessage
{
    internal ServiceBusReceivedMessage()
    {
    }

    public BinaryData Body { get; internal set; } = new(ReadOnlyMemory<byte>.Empty);

    public string? MessageId { get; internal set; }

    public string? CorrelationId { get; internal set; }

    public string? Subject { get; internal set; }

    public string? ContentType { get; internal set; }

    public string? To { get; internal set; }

    public string? ReplyTo { get; internal set; }

    public string? ReplyToSessionId { get; internal set; }

    public string? SessionId { get; internal set; }

    public string? PartitionKey { get; internal set; }

    /// <summary><see cref="TimeSpan.MaxValue"/> when the sender set none.</summary>
    public TimeSpan TimeToLive { get; internal set; } = TimeSpan.MaxValue;

    public DateTimeOffset ScheduledEnqueueTime { get; internal set; }

    public IReadOnlyDictionary<string, object?> ApplicationProperties { get; internal set; } = new Dictionary<string, object?>();

    public long SequenceNumber { get; internal set; }

    public long EnqueuedSequenceNumber { get; internal set; }

    public DateTimeOffset EnqueuedTime { get; internal set; }

    public DateTimeOffset ExpiresAt => TimeToLive >= DateTimeOffset.MaxValue - EnqueuedTime ? DateTimeOffset.MaxValue : EnqueuedTime + TimeToLive;

    /// <summary>How many times the message has been delivered, this delivery included (peeked messages: previous deliveries).</summary>
    public int DeliveryCount { get; internal set; }

    /// <summary>The lock token (peek-lock only); <see cref="Guid.Empty"/>'s string otherwise.</summary>
    public string LockToken => LockTokenGuid.ToString();

    public DateTimeOffset LockedUntil { get; internal set; }

    public ServiceBusMessageState State { get; internal set; }

    public string? DeadLetterSource { get; internal set; }

    public string? DeadLetterReason => ApplicationProperties.TryGetValue("DeadLetterReason", out var value) ? value as string : null;

    public string? DeadLetterErrorDescription =>
        ApplicationProperties.TryGetValue("DeadLetterErrorDescription", out var value) ? value as string : null;

    internal Guid LockTokenGuid { get; set; }

    /// <summary>The AMQP delivery this message arrived on (null for peeked or management-received messages).</summary>
    internal ReceivedDelivery? Delivery { get; set; }

    /// <summary>Set once a settlement succeeded, so a second one fails fast instead of reaching the broker.</summary>
    internal int SettledFlag;

    internal bool IsSettled => Volatile.Read(ref SettledFlag) != 0;

    /// <summary>Received through <c>receive-by-sequence-number</c>: settle through <c>$management</c>, never the link.</summary>
    internal bool SettleThroughManagement { get; set; }

    public override string ToString() => $"{{MessageId:{MessageId}, SequenceNumber:{SequenceNumber}}}";
}
