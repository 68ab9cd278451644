namespace ServiceBus;

public sealed class ServiceBusReceiverOptions
{
    public ServiceBusReceiveMode ReceiveMode { get; set; } = ServiceBusReceiveMode.PeekLock;

    /// <summary>
    /// Messages the broker may push ahead of receive calls (each locked from the moment it is sent). Zero issues
    /// credit only for what a receive call asks for.
    /// </summary>
    public int PrefetchCount
    {
        get;
        set => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "PrefetchCount cannot be negative.");
    }

    public SubQueue SubQueue { get; set; } = SubQueue.None;

    public string? Identifier { get; set; }
}
