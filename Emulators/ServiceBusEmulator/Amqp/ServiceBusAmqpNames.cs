namespace ServiceBusEmulator.Amqp;

/// <summary>The Service Bus names on the wire (brief §12): link properties, annotations, CBS and management keys.</summary>
internal static class ServiceBusAmqpNames
{
    public const string CbsNode = "$cbs";
    public const string ManagementSuffix = "/$management";

    public const uint BatchedMessageFormat = 0x80013700;

    // Link properties and filters.
    public static readonly AmqpSymbol SessionFilter = new("com.microsoft:session-filter");
    public static readonly AmqpSymbol LockedUntilUtc = new("com.microsoft:locked-until-utc");
    public static readonly AmqpSymbol Timeout = new("com.microsoft:timeout");
    public static readonly AmqpSymbol DeadLetterCondition = new("com.microsoft:dead-letter");

    // Message annotations.
    public static readonly AmqpSymbol SequenceNumber = new("x-opt-sequence-number");
    public static readonly AmqpSymbol EnqueuedTime = new("x-opt-enqueued-time");
    public static readonly AmqpSymbol LockedUntil = new("x-opt-locked-until");
    public static readonly AmqpSymbol EnqueueSequenceNumber = new("x-opt-enqueue-sequence-number");
    public static readonly AmqpSymbol MessageState = new("x-opt-message-state");
    public static readonly AmqpSymbol DeadLetterSource = new("x-opt-deadletter-source");
    public static readonly AmqpSymbol ScheduledEnqueueTime = new("x-opt-scheduled-enqueue-time");
    public static readonly AmqpSymbol PartitionKey = new("x-opt-partition-key");

    // Dead-letter info keys (JS sends strings, .NET symbols).
    public const string DeadLetterReason = "DeadLetterReason";
    public const string DeadLetterErrorDescription = "DeadLetterErrorDescription";
}
