namespace ServiceBusEmulator.Broker;

/// <summary>The messages of one session of a session-enabled store, its lock and its state.</summary>
internal sealed class SessionQueue(string sessionId)
{
    public string SessionId { get; } = sessionId;

    /// <summary>Available messages by sequence number, so a session is delivered in order.</summary>
    public PriorityQueue<BrokerMessage, long> Available { get; } = new();

    /// <summary>Messages handed to the session's receiver and not yet settled.</summary>
    public HashSet<BrokerMessage> Locked { get; } = [];

    /// <summary>Messages of this session in the store, in any state; an idle session is forgotten when 0.</summary>
    public int MessageCount { get; set; }

    public BrokerReceiver? Owner { get; set; }

    public DateTimeOffset LockedUntil { get; set; }

    public byte[]? State { get; set; }

    public bool IsLocked(DateTimeOffset now) => Owner is not null && LockedUntil > now;
}
