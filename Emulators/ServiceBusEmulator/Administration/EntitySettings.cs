namespace ServiceBusEmulator.Administration;

/// <summary>
/// What an entity's description carries besides the settings the broker acts on: kept and answered back as they
/// were set, so a client that reads an entity, changes one property and updates it round-trips the rest. None of them
/// changes message behaviour here (no size quota, no auto-delete, no disabled state).
/// </summary>
public sealed record EntitySettings
{
    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public long MaxSizeInMegabytes { get; init; } = 1024;

    public string? UserMetadata { get; init; }

    public TimeSpan AutoDeleteOnIdle { get; init; } = TimeSpan.MaxValue;

    public string Status { get; init; } = "Active";

    public bool EnableBatchedOperations { get; init; } = true;

    public bool EnablePartitioning { get; init; }

    public bool DeadLetteringOnFilterEvaluationExceptions { get; init; } = true;

    public bool SupportOrdering { get; init; }

    public static EntitySettings CreatedAtTime(DateTimeOffset at) => new() { CreatedAt = at, UpdatedAt = at };
}
