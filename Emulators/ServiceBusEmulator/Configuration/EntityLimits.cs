namespace ServiceBusEmulator.Configuration;

/// <summary>
/// The bounds a configuration value must respect. They follow Azure Service Bus rather than the official
/// emulator (which caps TTL at one hour and MaxDeliveryCount at 10), because tests must be able to use
/// production-like settings such as a one-day TTL.
/// </summary>
public static class EntityLimits
{
    public static readonly TimeSpan MinLockDuration = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxLockDuration = TimeSpan.FromMinutes(5);
    public const int MinMaxDeliveryCount = 1;
    public const int MaxMaxDeliveryCount = 2000;
    public static readonly TimeSpan MinMessageTimeToLive = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MinDuplicateDetectionWindow = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan MaxDuplicateDetectionWindow = TimeSpan.FromDays(7);
    public const int DefaultMaxMessageSizeInBytes = 256 * 1024;
    public const int MinMaxMessageSizeInKilobytes = 1;
    public const int MaxMaxMessageSizeInKilobytes = 100 * 1024;
    public const int MaxEntityNameLength = 260;
    public const int MaxSubscriptionNameLength = 50;
}
