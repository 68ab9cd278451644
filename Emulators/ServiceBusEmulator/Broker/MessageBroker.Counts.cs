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
            return EntityStores().Select(CountsOf).ToList();
        }
    }

    /// <summary>The counts plus the locked messages and running totals of every queue and subscription, for the metrics.</summary>
    public IReadOnlyList<EntityMeasurements> MeasureEntities()
    {
        lock (_sync)
        {
            return EntityStores()
                .Select(store => new EntityMeasurements(CountsOf(store), store.LockedCount, store.EnqueuedTotal, store.CompletedTotal))
                .ToList();
        }
    }

    private IEnumerable<MessageStore> EntityStores() =>
        _stores.Values.Where(store => !store.IsDeadLetterQueue).OrderBy(store => store.Path, StringComparer.Ordinal);

    private static EntityMessageCounts CountsOf(MessageStore store)
    {
        int active = 0, scheduled = 0, deferred = 0;
        foreach (var message in store.Messages)
        {
            switch (message.State)
            {
                case MessageState.Active: active++; break;
                case MessageState.Scheduled: scheduled++; break;
                case MessageState.Deferred: deferred++; break;
            }
        }

        return new EntityMessageCounts(store.Path, active, scheduled, deferred, store.DeadLetterQueue?.Count ?? 0);
    }
}
