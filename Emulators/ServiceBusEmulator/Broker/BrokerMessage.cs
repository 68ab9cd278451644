namespace ServiceBusEmulator.Broker;

/// <summary>
/// A message as the broker holds it. <see cref="EncodedMessage"/> is the bare message exactly as the client sent it
/// (the AMQP sections, opaque to the broker); the other settable fields are copies the protocol adapter extracts
/// from it, because routing, sessions, filters, duplicate detection and TTL need them. Broker-managed state
/// (sequence number, lock, delivery count, …) and the property changes made by abandon / defer / dead-letter /
/// rule actions are kept beside the bytes; the adapter writes them back into the sections when it delivers.
/// Instances handed out by the broker are snapshots: later broker changes do not show through them.
/// </summary>
public sealed class BrokerMessage
{
    private static readonly IReadOnlyDictionary<string, object?> NoProperties = new Dictionary<string, object?>();

    private IReadOnlyDictionary<string, object?>? _modifiedProperties;
    private IReadOnlySet<string>? _removedProperties;

    public BrokerMessage(ReadOnlyMemory<byte> encodedMessage)
    {
        EncodedMessage = encodedMessage;
    }

    /// <summary>The encoded bare message (header, annotations, properties, application-properties, body, footer).</summary>
    public ReadOnlyMemory<byte> EncodedMessage { get; }

    /// <summary>The size the broker checks against MaxMessageSizeInBytes.</summary>
    public int Size => EncodedMessage.Length;

    public string? MessageId { get; set; }
    public string? SessionId { get; set; }
    public string? CorrelationId { get; set; }
    public string? ContentType { get; set; }
    public string? Subject { get; set; }
    public string? To { get; set; }
    public string? ReplyTo { get; set; }
    public string? ReplyToSessionId { get; set; }
    public TimeSpan? TimeToLive { get; set; }
    public DateTimeOffset? ScheduledEnqueueTime { get; set; }
    public string? PartitionKey { get; set; }

    /// <summary>The application properties as sent, as CLR values with their exact types (uint stays uint).</summary>
    public IReadOnlyDictionary<string, object?> ApplicationProperties { get; init; } = NoProperties;

    public long SequenceNumber { get; internal set; }

    /// <summary>For a subscription's copy: the topic's sequence number; otherwise equal to <see cref="SequenceNumber"/>.</summary>
    public long EnqueuedSequenceNumber { get; internal set; }

    public DateTimeOffset EnqueuedTime { get; internal set; }

    /// <summary>DateTimeOffset.MaxValue when the message never expires.</summary>
    public DateTimeOffset ExpiresAt { get; internal set; } = DateTimeOffset.MaxValue;

    /// <summary>Previous delivery attempts (AMQP header.delivery-count): 0 on the first delivery.</summary>
    public int DeliveryCount { get; internal set; }

    /// <summary>Guid.Empty unless the message is locked (peek-lock).</summary>
    public Guid LockToken { get; internal set; }

    public DateTimeOffset LockedUntil { get; internal set; }

    public MessageState State { get; internal set; }

    /// <summary>The entity a dead-lettered message came from, set when it was auto-forwarded on (x-opt-deadletter-source).</summary>
    public string? DeadLetterSource { get; internal set; }

    public string? DeadLetterReason =>
        _modifiedProperties?.GetValueOrDefault(DeadLetterReasons.ReasonProperty) as string;

    public string? DeadLetterErrorDescription =>
        _modifiedProperties?.GetValueOrDefault(DeadLetterReasons.DescriptionProperty) as string;

    /// <summary>
    /// Application properties added or changed by the broker (abandon / defer / dead-letter properties-to-modify,
    /// DeadLetterReason, rule actions). The adapter merges them over the encoded application-properties.
    /// </summary>
    public IReadOnlyDictionary<string, object?> ModifiedApplicationProperties => _modifiedProperties ?? NoProperties;

    /// <summary>Application properties a rule action removed; the adapter drops them when re-encoding.</summary>
    public IReadOnlySet<string> RemovedApplicationProperties => _removedProperties ?? EmptySet;

    /// <summary>True when the broker assigned a MessageId or a rule action changed a system property: re-encode the properties section.</summary>
    public bool SystemPropertiesModified { get; internal set; }

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();

    /// <summary>Looks a property up in the effective view (modifications over the original, minus removals).</summary>
    public bool TryGetApplicationProperty(string name, out object? value)
    {
        if (_modifiedProperties is not null && _modifiedProperties.TryGetValue(name, out value))
        {
            return true;
        }

        if (_removedProperties is not null && _removedProperties.Contains(name))
        {
            value = null;
            return false;
        }

        return ApplicationProperties.TryGetValue(name, out value);
    }

    // Copy-on-write so that snapshots already handed to the adapter never change under it.
    internal void SetApplicationProperty(string name, object? value)
    {
        var modified = new Dictionary<string, object?>(ModifiedApplicationProperties) { [name] = value };
        _modifiedProperties = modified;
        if (_removedProperties is not null && _removedProperties.Contains(name))
        {
            var removed = new HashSet<string>(_removedProperties);
            removed.Remove(name);
            _removedProperties = removed;
        }
    }

    internal void SetApplicationProperties(IReadOnlyDictionary<string, object?>? properties)
    {
        if (properties is null || properties.Count == 0)
        {
            return;
        }

        var modified = new Dictionary<string, object?>(ModifiedApplicationProperties);
        foreach (var (name, value) in properties)
        {
            modified[name] = value;
        }

        _modifiedProperties = modified;
    }

    internal void RemoveApplicationProperty(string name)
    {
        if (_modifiedProperties is not null && _modifiedProperties.ContainsKey(name))
        {
            var modified = new Dictionary<string, object?>(_modifiedProperties);
            modified.Remove(name);
            _modifiedProperties = modified;
        }

        if (ApplicationProperties.ContainsKey(name))
        {
            _removedProperties = new HashSet<string>(RemovedApplicationProperties) { name };
        }
    }

    internal void RestoreOverlay(IReadOnlyDictionary<string, object?>? modified, IReadOnlySet<string>? removed)
    {
        _modifiedProperties = modified is { Count: > 0 } ? modified : null;
        _removedProperties = removed is { Count: > 0 } ? removed : null;
    }

    // Broker bookkeeping, never visible outside the broker.
    internal MessageStore? Store { get; set; }
    internal SessionQueue? Session { get; set; }
    internal BrokerMessage? LockPrevious { get; set; }
    internal BrokerMessage? LockNext { get; set; }
    internal bool InLockList { get; set; }
    internal bool LockedBySession { get; set; }

    /// <summary>A detached copy: the adapter's view, or the independent copy each subscription gets.</summary>
    internal BrokerMessage Snapshot()
    {
        var copy = (BrokerMessage)MemberwiseClone();
        copy.Store = null;
        copy.Session = null;
        copy.LockPrevious = null;
        copy.LockNext = null;
        copy.InLockList = false;
        copy.LockedBySession = false;
        return copy;
    }
}
