namespace ServiceBusEmulator.Broker;

/// <summary>Success or a <see cref="BrokerError"/>; expected failures (lock lost, not found) are results, not exceptions.</summary>
public readonly struct BrokerResult
{
    private BrokerResult(BrokerError? error) => Error = error;

    public BrokerError? Error { get; }

    public bool IsSuccess => Error is null;

    public static BrokerResult Success => default;

    public static implicit operator BrokerResult(BrokerError error) => new(error);
}
