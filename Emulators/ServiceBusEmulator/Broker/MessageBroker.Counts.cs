namespace ServiceBusEmulator.Broker;

public sealed partial class MessageBroker
{
    /// <summary>
    /// The message counts of every queue and subscription, for dashboards and the management port. Walks each store
    /// under the broker lock: cheap at development sizes, and never on the message path.
    /// </summary>
    public IReadOnlyList<EntityMessageCounts> CountMessages()
    {
        lock (_sync)
        {
            return _stores.Values
                .Where(store => !store.IsDeadLetterQueue)
                .Select(store => new EntityMessageCounts(
                    store.Path,
                    store.Messages.Count(message => message.State == MessageState.Active),
                    store.Messages.Count(message => message.State == MessageState.Scheduled),
                    store.Messages.Count(message => message.State == MessageState.Deferred),
                    store.DeadLetterQueue?.Count ?? 0))
                .OrderBy(counts => counts.Path, StringComparer.Ordinal)
                .ToList();
        }
    }
}
