namespace AspireHosting;

/// <summary>
/// A queue the Service Bus emulator serves from its start, with the properties the official emulator's Config.json
/// knows (the same ones Aspire's Azure Service Bus queue resource has). Unset properties take the emulator's defaults.
/// </summary>
public sealed class LocalServiceBusQueue(string name)
{
    public string Name { get; } = name;

    public TimeSpan? LockDuration { get; set; }

    public int? MaxDeliveryCount { get; set; }

    public TimeSpan? DefaultMessageTimeToLive { get; set; }

    public bool? DeadLetteringOnMessageExpiration { get; set; }

    public bool? RequiresDuplicateDetection { get; set; }

    public TimeSpan? DuplicateDetectionHistoryTimeWindow { get; set; }

    public bool? RequiresSession { get; set; }

    public string? ForwardTo { get; set; }

    public string? ForwardDeadLetteredMessagesTo { get; set; }
}
