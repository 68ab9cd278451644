namespace ServiceBusEmulator.Broker;

// Committing a transaction: all of its operations or none.
public sealed partial class MessageBroker
{
    /// <summary>
    /// Applies every operation of <paramref name="transaction"/> in order, or none of them: under the broker lock each
    /// one is checked first (entity, size, sessions, the lock still held, no message settled twice), and only when all
    /// pass are they applied, which then cannot fail. A failed commit answers
    /// <see cref="BrokerCondition.TransactionRollback"/> listing every operation that could not apply.
    /// </summary>
    public async ValueTask<BrokerResult> CommitAsync(BrokerTransaction transaction)
    {
        var ticket = 0L;
        lock (_sync)
        {
            var now = _time.GetUtcNow();
            var checkedSteps = new List<(TransactionStep Step, SendableEntity? Entity, MessageStore? Store, BrokerMessage? Message)>();
            var settled = new HashSet<Guid>();
            var failures = new List<string>();
            foreach (var step in transaction.Steps)
            {
                if (step.Messages is { } messages)
                {
                    var error = CheckSend(step.Address, messages, out var entity);
                    if (error is null)
                    {
                        checkedSteps.Add((step, entity, null, null));
                    }
                    else
                    {
                        failures.Add(error.Description);
                    }
                }
                else
                {
                    var error = CheckSettlement(step.Address, step.LockToken, step.Settlement!, now, out var store, out var message)
                        ?? (settled.Add(step.LockToken) ? null : BrokerError.LockLost(step.LockToken));
                    if (error is null)
                    {
                        checkedSteps.Add((step, null, store, message));
                    }
                    else
                    {
                        failures.Add(error.Description);
                    }
                }
            }

            if (failures.Count > 0)
            {
                return new BrokerError(BrokerCondition.TransactionRollback,
                    $"The transaction was rolled back, nothing of it applied: {string.Join("; ", failures)}");
            }

            foreach (var (step, entity, store, message) in checkedSteps)
            {
                if (entity is not null)
                {
                    Store(entity, step.Messages!, now, ref ticket);
                }
                else
                {
                    ticket = Math.Max(ticket, Apply(step.Settlement!, store!, message!, now));
                }
            }
        }

        await WaitDurableAsync(ticket).ConfigureAwait(false);
        return BrokerResult.Success;
    }
}
