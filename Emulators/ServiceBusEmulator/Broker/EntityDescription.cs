namespace ServiceBusEmulator.Broker;

/// <summary>What the adapter needs to answer an attach: the canonical path, kind, and the max-message-size to advertise.</summary>
public sealed record EntityDescription(
    string Path,
    EntityKind Kind,
    SubQueue SubQueue,
    bool RequiresSession,
    int MaxMessageSizeInBytes,
    TimeSpan LockDuration);
