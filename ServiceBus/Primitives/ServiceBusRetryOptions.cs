namespace ServiceBus;

/// <summary>How transient failures are retried; the defaults are Azure.Messaging.ServiceBus's.</summary>
public sealed class ServiceBusRetryOptions
{
    public ServiceBusRetryMode Mode { get; set; } = ServiceBusRetryMode.Exponential;

    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first back-off delay; exponential mode doubles it per attempt.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(0.8);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a single attempt may take.</summary>
    public TimeSpan TryTimeout { get; set; } = TimeSpan.FromMinutes(1);

    internal ServiceBusRetryOptions Clone() => (ServiceBusRetryOptions)MemberwiseClone();
}
