namespace ServiceBusEmulator.Broker;

public readonly struct BrokerResult<T>
{
    private readonly T? _value;

    private BrokerResult(T? value, BrokerError? error)
    {
        _value = value;
        Error = error;
    }

    public BrokerError? Error { get; }

    public bool IsSuccess => Error is null;

    /// <exception cref="InvalidOperationException">The result is an error.</exception>
    public T Value => Error is null ? _value! : throw new InvalidOperationException($"{Error.Condition}: {Error.Description}");

    public static implicit operator BrokerResult<T>(T value) => new(value, null);

    public static implicit operator BrokerResult<T>(BrokerError error) => new(default, error);
}
