namespace ServiceBusEmulator.Broker;

/// <summary>
/// The sends and settlements of one open transaction, held until <see cref="MessageBroker.CommitAsync"/> applies all of
/// them or none. Thread-safe: the links of a connection enlist concurrently.
/// </summary>
public sealed class BrokerTransaction
{
    private readonly Lock _gate = new();
    private readonly List<TransactionStep> _steps = [];

    public void EnlistSend(string address, IReadOnlyList<BrokerMessage> messages) => Add(new TransactionStep(address, messages, Guid.Empty, null));

    public void EnlistSettlement(string address, Guid lockToken, Settlement settlement) => Add(new TransactionStep(address, null, lockToken, settlement));

    internal IReadOnlyList<TransactionStep> Steps
    {
        get
        {
            lock (_gate)
            {
                return [.. _steps];
            }
        }
    }

    private void Add(TransactionStep step)
    {
        lock (_gate)
        {
            _steps.Add(step);
        }
    }
}
