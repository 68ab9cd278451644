namespace ServiceBusEmulator.Configuration;

/// <summary>
/// The settings of a queue, topic or subscription. Defaults are Azure Service Bus's own defaults (not the
/// official emulator's sample values), so an entity declared with no properties behaves like one created in Azure.
/// Topics use only the time-to-live, duplicate-detection and message-size settings.
/// </summary>
public sealed record EntityProperties
{
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromMinutes(1);

    public int MaxDeliveryCount { get; init; } = 10;

    /// <summary>TimeSpan.MaxValue means "never expires", as in Azure.</summary>
    public TimeSpan DefaultMessageTimeToLive { get; init; } = TimeSpan.MaxValue;

    public bool DeadLetteringOnMessageExpiration { get; init; }

    public bool RequiresSession { get; init; }

    public bool RequiresDuplicateDetection { get; init; }

    public TimeSpan DuplicateDetectionHistoryTimeWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Empty or null: no auto-forwarding.</summary>
    public string? ForwardTo { get; init; }

    public string? ForwardDeadLetteredMessagesTo { get; init; }

    public int MaxMessageSizeInBytes { get; init; } = EntityLimits.DefaultMaxMessageSizeInBytes;
}
