using ServiceBusEmulator.Persistence;

namespace ServiceBusEmulator.Broker;

// Loading a recovered journal and writing the compaction snapshot.
public sealed partial class MessageBroker
{
    /// <summary>Messages found in the journal for entities the current configuration no longer has (dropped).</summary>
    public int DroppedOnRecovery { get; private set; }

    /// <summary>Messages restored from the data directory at startup.</summary>
    public int RecoveredMessages { get; private set; }

    internal void Restore(RecoveredState state)
    {
        lock (_sync)
        {
            var now = _time.GetUtcNow();
            foreach (var (storeKey, messages) in state.Messages)
            {
                if (!_stores.TryGetValue(storeKey, out var store))
                {
                    DroppedOnRecovery += messages.Count;
                    continue;
                }

                foreach (var message in messages.Values.OrderBy(m => m.SequenceNumber))
                {
                    store.Add(message, now);
                    RecoveredMessages++;
                    var owner = store.IsDeadLetterQueue ? _stores[store.Path[..^"/$DeadLetterQueue".Length]] : store;
                    owner.LastSequenceNumber = Math.Max(owner.LastSequenceNumber, message.SequenceNumber);
                    if (TopicOf(store) is { } topic)
                    {
                        topic.LastSequenceNumber = Math.Max(topic.LastSequenceNumber, message.EnqueuedSequenceNumber);
                    }
                }
            }

            foreach (var (key, sequence) in state.Sequences)
            {
                if (_stores.TryGetValue(key, out var store))
                {
                    store.LastSequenceNumber = Math.Max(store.LastSequenceNumber, sequence);
                }
                else if (_entities.TryGetValue(key, out var entity))
                {
                    entity.LastSequenceNumber = Math.Max(entity.LastSequenceNumber, sequence);
                }
            }

            foreach (var ((storeKey, sessionId), sessionState) in state.SessionStates)
            {
                if (_stores.TryGetValue(storeKey, out var store) && store.RequiresSession)
                {
                    var session = store.GetOrAddSession(sessionId);
                    session.State = sessionState;
                    store.ForgetIfIdle(session);
                }
            }

            foreach (var (key, messageId, seenAt) in state.Duplicates.OrderBy(d => d.SeenAt))
            {
                var entity = _entities.GetValueOrDefault(key) ?? _entities.GetValueOrDefault(key.Split('/')[0]);
                if (entity?.Duplicates is { } duplicates && seenAt > now - duplicates.Window)
                {
                    duplicates.Remember(messageId, seenAt);
                }
            }
        }
    }

    internal void WriteSnapshot(SnapshotSink sink)
    {
        lock (_sync)
        {
            var now = _time.GetUtcNow();
            foreach (var store in _stores.Values)
            {
                sink.Sequence(store.Key, store.LastSequenceNumber);
                foreach (var message in store.Messages.OrderBy(m => m.SequenceNumber))
                {
                    sink.Put(store.Key, message);
                }

                foreach (var session in store.Sessions)
                {
                    if (session.State is not null)
                    {
                        sink.SessionState(store.Key, session.SessionId, session.State);
                    }
                }
            }

            foreach (var entity in _entities.Values)
            {
                if (entity.Kind == EntityKind.Topic)
                {
                    sink.Sequence(entity.Key, entity.LastSequenceNumber);
                }

                if (entity.Duplicates is { } duplicates)
                {
                    foreach (var (messageId, seenAt) in duplicates.Entries(now))
                    {
                        sink.Duplicate(entity.Key, messageId, seenAt);
                    }
                }
            }
        }
    }

    /// <summary>Rewrites the journal as a snapshot; the journal calls this when its file has grown too large.</summary>
    internal void CompactJournal()
    {
        lock (_sync)
        {
            if (!_disposed && _journal is MessageJournal journal)
            {
                journal.CompactLocked();
            }
        }
    }

    /// <summary>The journal file's length, for tests.</summary>
    internal long JournalLength => (_journal as MessageJournal)?.Length ?? 0;

    private SendableEntity? TopicOf(MessageStore store)
    {
        var slash = store.Path.IndexOf("/Subscriptions/", StringComparison.OrdinalIgnoreCase);
        return slash < 0 ? null : _entities.GetValueOrDefault(store.Path[..slash]);
    }
}
