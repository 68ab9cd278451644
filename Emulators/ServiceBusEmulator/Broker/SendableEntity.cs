using ServiceBusEmulator.Configuration;

namespace ServiceBusEmulator.Broker;

/// <summary>A queue or topic: what a sender can address. Owns duplicate detection and, for topics, the fan-out.</summary>
internal sealed class SendableEntity(string name, EntityKind kind, EntityProperties properties, MessageStore? queueStore)
{
    public string Name { get; } = name;

    public string Key { get; } = name.ToLowerInvariant();

    public EntityKind Kind { get; } = kind;

    public EntityProperties Properties { get; } = properties;

    /// <summary>The queue's own store; null for a topic.</summary>
    public MessageStore? QueueStore { get; } = queueStore;

    public List<Subscription> Subscriptions { get; } = [];

    /// <summary>Kept across an update through the administration API that leaves the window unchanged.</summary>
    public DuplicateDetector? Duplicates { get; init; } =
        properties.RequiresDuplicateDetection ? new DuplicateDetector(properties.DuplicateDetectionHistoryTimeWindow) : null;

    /// <summary>A topic's sequence numbers (the subscriptions' copies carry it as EnqueuedSequenceNumber).</summary>
    public long LastSequenceNumber { get; set; }
}
