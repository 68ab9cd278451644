namespace ServiceBusEmulator.Broker;

/// <summary>
/// A receiving link's view of one store (and, for a session receiver, of one locked session). The adapter pulls
/// with <see cref="TryReceive"/> (never waits; use it to answer a drain) or <see cref="ReceiveAsync"/> (waits until a
/// message is available: a send, an abandon, an expired lock or a due schedule wakes it; no polling).
/// Dispose when the link detaches: a session receiver then releases its session.
/// </summary>
public sealed class BrokerReceiver : IDisposable
{
    private readonly MessageBroker _broker;

    internal BrokerReceiver(MessageBroker broker, MessageStore store, ReceiveMode mode, SessionQueue? session)
    {
        _broker = broker;
        Store = store;
        Mode = mode;
        Session = session;
    }

    public string EntityPath => Store.Path;

    public ReceiveMode Mode { get; }

    /// <summary>The accepted session (the adapter echoes it in the attach's session filter); null for plain receivers.</summary>
    public string? SessionId => Session?.SessionId;

    /// <summary>The session lock's expiry (<c>com.microsoft:locked-until-utc</c>, in .NET ticks on the wire).</summary>
    public DateTimeOffset SessionLockedUntil => _broker.SessionLockedUntil(this);

    internal MessageStore Store { get; }

    internal SessionQueue? Session { get; }

    internal bool IsClosed { get; private set; }

    /// <summary>Up to <paramref name="maxMessages"/> available messages, possibly none.</summary>
    public BrokerResult<IReadOnlyList<BrokerMessage>> TryReceive(int maxMessages) => _broker.Receive(this, maxMessages);

    /// <summary>Waits until at least one message is available, then returns up to <paramref name="maxMessages"/>.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    public ValueTask<BrokerResult<IReadOnlyList<BrokerMessage>>> ReceiveAsync(int maxMessages, CancellationToken cancellationToken = default) =>
        _broker.ReceiveAsync(this, maxMessages, cancellationToken);

    public void Dispose()
    {
        if (IsClosed)
        {
            return;
        }

        _broker.CloseReceiver(this);
        IsClosed = true;
    }
}
