using ServiceBusEmulator.Configuration;

namespace ServiceBusEmulator.Broker;

// Entities created, updated and deleted while the broker runs (the administration API), and their runtime counts.
public sealed partial class MessageBroker
{
    /// <summary>The configuration the last <see cref="ReconfigureAsync"/> applied (null: the one the broker started with).</summary>
    private EmulatorConfiguration? _applied;

    /// <summary>The journal ticket of the last message removal a reconfiguration wrote (under the lock).</summary>
    private long _removalTicket;

    /// <summary>
    /// Makes the broker's entities those of <paramref name="next"/>: new queues, topics and subscriptions start empty,
    /// changed ones keep their messages and take the new settings and rules, missing ones are deleted with their
    /// messages (journaled, so a restart does not bring them back). The caller has validated the configuration
    /// (names, bounds, forwarding targets); receivers of a deleted entity are told it is gone. Completes when the removal
    /// of deleted messages is durable, so a queue deleted and created again cannot get the old messages back after a
    /// crash.
    /// </summary>
    public async ValueTask ReconfigureAsync(EmulatorConfiguration next)
    {
        long ticket;
        lock (_sync)
        {
            _removalTicket = 0;
            var previous = _applied ?? Configuration;
            _applied = next;
            var wanted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var queue in next.Queues)
            {
                wanted.Add(queue.Name);
                if (_entities.TryGetValue(queue.Name, out var existing) && existing.Kind == EntityKind.Queue)
                {
                    _entities[queue.Name] = Updated(existing, queue.Properties);
                    continue;
                }

                RemoveEntity(existing);
                var store = AddStore(queue.Name, queue.Properties);
                _entities[queue.Name] = new SendableEntity(queue.Name, EntityKind.Queue, queue.Properties, store);
            }

            foreach (var topic in next.Topics)
            {
                wanted.Add(topic.Name);
                if (!_entities.TryGetValue(topic.Name, out var entity) || entity.Kind != EntityKind.Topic)
                {
                    RemoveEntity(entity);
                    entity = new SendableEntity(topic.Name, EntityKind.Topic, topic.Properties, queueStore: null);
                }
                else
                {
                    entity = Updated(entity, topic.Properties);
                }

                _entities[topic.Name] = entity;
                var previousTopic = previous.Topics.FirstOrDefault(t => t.Name.Equals(topic.Name, StringComparison.OrdinalIgnoreCase));
                ReconcileSubscriptions(entity, topic.Subscriptions, previousTopic);
            }

            foreach (var gone in _entities.Values.Where(entity => !wanted.Contains(entity.Name)).ToList())
            {
                RemoveEntity(gone);
            }

            ticket = _removalTicket;
        }

        await WaitDurableAsync(ticket).ConfigureAwait(false);
    }

    /// <summary>The counts and size of a queue or subscription (by path, e.g. <c>q1</c> or <c>t1/Subscriptions/s1</c>).</summary>
    public BrokerResult<EntityRuntimeCounts> GetRuntimeCounts(string path)
    {
        lock (_sync)
        {
            var parsed = EntityAddress.Parse(path);
            if (parsed.SubQueue != SubQueue.None || !_stores.TryGetValue(parsed.StorePath, out var store) || store.IsDeadLetterQueue)
            {
                return BrokerError.EntityNotFound(parsed.StorePath);
            }

            long size = 0;
            int active = 0, scheduled = 0, deferred = 0;
            foreach (var message in store.Messages)
            {
                size += message.Size;
                switch (message.State)
                {
                    case MessageState.Active: active++; break;
                    case MessageState.Scheduled: scheduled++; break;
                    case MessageState.Deferred: deferred++; break;
                }
            }

            var deadLettered = 0;
            foreach (var message in store.DeadLetterQueue?.Messages ?? [])
            {
                size += message.Size;
                deadLettered++;
            }

            return new EntityRuntimeCounts(new EntityMessageCounts(store.Path, active, scheduled, deferred, deadLettered), size);
        }
    }

    /// <summary>The scheduled messages of a topic's subscriptions (Azure reports a topic's scheduled count).</summary>
    public BrokerResult<long> CountScheduledInTopic(string topicName)
    {
        lock (_sync)
        {
            if (!_entities.TryGetValue(topicName, out var topic) || topic.Kind != EntityKind.Topic)
            {
                return BrokerError.EntityNotFound(topicName);
            }

            return topic.Subscriptions.Sum(subscription => (long)subscription.Store.Messages.Count(message => message.State == MessageState.Scheduled));
        }
    }

    /// <summary>
    /// Rules are replaced only where the new configuration changed them, so rules a client changed over
    /// <c>$management</c> since the last reconfiguration survive an unrelated change.
    /// </summary>
    private void ReconcileSubscriptions(SendableEntity topic, IReadOnlyList<SubscriptionDefinition> definitions, TopicDefinition? previousTopic)
    {
        var kept = new List<Subscription>();
        foreach (var definition in definitions)
        {
            var current = topic.Subscriptions.Find(s => s.Name.Equals(definition.Name, StringComparison.OrdinalIgnoreCase));
            if (current is null)
            {
                var store = AddStore($"{topic.Name}/Subscriptions/{definition.Name}", definition.Properties);
                kept.Add(new Subscription(definition.Name, store, definition.Rules));
                continue;
            }

            UpdateStore(current.Store, definition.Properties);
            var previousRules = previousTopic?.Subscriptions.FirstOrDefault(s => s.Name.Equals(definition.Name, StringComparison.OrdinalIgnoreCase))?.Rules;
            var rulesChanged = !ReferenceEquals(previousRules, definition.Rules) && !current.Rules.SequenceEqual(definition.Rules);
            if (rulesChanged)
            {
                current.Rules = definition.Rules;
            }

            kept.Add(current);
        }

        foreach (var removed in topic.Subscriptions.Where(s => !kept.Contains(s)))
        {
            RemoveStore(removed.Store);
        }

        topic.Subscriptions.Clear();
        topic.Subscriptions.AddRange(kept);
    }

    private SendableEntity Updated(SendableEntity entity, EntityProperties properties)
    {
        if (entity.Properties == properties)
        {
            return entity;
        }

        if (entity.QueueStore is { } store)
        {
            UpdateStore(store, properties);
        }

        var updated = new SendableEntity(entity.Name, entity.Kind, properties, entity.QueueStore)
        {
            Duplicates = properties.RequiresDuplicateDetection && entity.Duplicates is { } duplicates
                && duplicates.Window == properties.DuplicateDetectionHistoryTimeWindow
                    ? duplicates
                    : properties.RequiresDuplicateDetection ? new DuplicateDetector(properties.DuplicateDetectionHistoryTimeWindow) : null,
            LastSequenceNumber = entity.LastSequenceNumber,
        };
        updated.Subscriptions.AddRange(entity.Subscriptions);
        return updated;
    }

    private static void UpdateStore(MessageStore store, EntityProperties properties)
    {
        store.Properties = properties;
        if (store.DeadLetterQueue is { } deadLetters)
        {
            deadLetters.Properties = properties with { RequiresSession = false, ForwardTo = null, ForwardDeadLetteredMessagesTo = null };
        }
    }

    private void RemoveEntity(SendableEntity? entity)
    {
        if (entity is null)
        {
            return;
        }

        _entities.Remove(entity.Name);
        if (entity.QueueStore is { } store)
        {
            RemoveStore(store);
        }

        foreach (var subscription in entity.Subscriptions)
        {
            RemoveStore(subscription.Store);
        }
    }

    private void RemoveStore(MessageStore store)
    {
        foreach (var removed in new[] { store, store.DeadLetterQueue })
        {
            if (removed is null)
            {
                continue;
            }

            foreach (var message in removed.Messages.ToList())
            {
                _removalTicket = Math.Max(_removalTicket, _journal?.WriteDelete(removed.Key, message.SequenceNumber) ?? 0);
            }

            _stores.Remove(removed.Path);
            removed.IsDeleted = true;
            removed.Dispose();
            removed.Signal();
        }
    }
}
