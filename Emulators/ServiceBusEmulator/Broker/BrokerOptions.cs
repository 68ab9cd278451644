namespace ServiceBusEmulator.Broker;

public sealed record BrokerOptions
{
    /// <summary>The broker's clock; tests pass a fake one so TTL, locks and schedules run instantly.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Null: everything in memory. Otherwise acknowledged changes are journaled (fsync) there.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The journal is compacted while running once it exceeds this size (and four times its last snapshot).</summary>
    public long JournalCompactionThresholdBytes { get; init; } = 64L * 1024 * 1024;
}
