namespace ServiceBus;

public sealed class ServiceBusProcessorOptions
{
    public ServiceBusReceiveMode ReceiveMode { get; set; } = ServiceBusReceiveMode.PeekLock;

    /// <summary>Handlers running at once.</summary>
    public int MaxConcurrentCalls
    {
        get;
        set => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "MaxConcurrentCalls must be at least 1.");
    } = 1;

    /// <summary>Messages locked ahead of the handlers; zero means credit only for idle handlers.</summary>
    public int PrefetchCount
    {
        get;
        set => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "PrefetchCount cannot be negative.");
    }

    /// <summary>
    /// Complete a message whose handler returned without settling it. A message whose handler threw without settling it
    /// is abandoned whatever this says.
    /// </summary>
    public bool AutoCompleteMessages { get; set; } = true;

    /// <summary>How long the processor keeps renewing a message's lock while its handler runs; zero disables renewal.</summary>
    public TimeSpan MaxAutoLockRenewalDuration
    {
        get;
        set => field = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), "The duration cannot be negative.");
    } = TimeSpan.FromMinutes(5);

    /// <summary>How long StopProcessingAsync waits for running handlers before closing the link under them.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public string? Identifier { get; set; }

    internal ServiceBusProcessorOptions Clone() => (ServiceBusProcessorOptions)MemberwiseClone();
}
