using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Persistence;

namespace ServiceBusEmulator.Broker;

/// <summary>
/// The Service Bus broker without any protocol: queues, topics with filtered subscriptions, dead-letter subqueues,
/// peek-lock and receive-and-delete, scheduling, deferral, sessions, TTL, duplicate detection and auto-forwarding.
/// Thread-safe. One lock guards all state, which keeps multi-entity moves (dead-letter, forward, fan-out) atomic
/// and the journal in broker order; operations are short and allocation-light, so the lock is not the bottleneck.
/// The AMQP adapter maps links and management requests onto these methods; errors come back as
/// <see cref="BrokerError"/> carrying the AMQP condition to send.
/// </summary>
public sealed partial class MessageBroker : IAsyncDisposable
{
    private const int MaxForwardingHops = 4;

    private readonly object _sync = new();
    private readonly Dictionary<string, SendableEntity> _entities = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, MessageStore> _stores = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _time;
    private IMessageJournal? _journal;

    private MessageBroker(EmulatorConfiguration configuration, TimeProvider time)
    {
        Configuration = configuration;
        _time = time;
        foreach (var queue in configuration.Queues)
        {
            var store = AddStore(queue.Name, queue.Properties);
            _entities.Add(queue.Name, new SendableEntity(queue.Name, EntityKind.Queue, queue.Properties, store));
        }

        foreach (var topic in configuration.Topics)
        {
            var entity = new SendableEntity(topic.Name, EntityKind.Topic, topic.Properties, queueStore: null);
            if (!_entities.TryAdd(topic.Name, entity))
            {
                throw new ArgumentException($"'{topic.Name}' is declared both as a queue and as a topic.", nameof(configuration));
            }

            foreach (var subscription in topic.Subscriptions)
            {
                var store = AddStore($"{topic.Name}/Subscriptions/{subscription.Name}", subscription.Properties);
                entity.Subscriptions.Add(new Subscription(subscription.Name, store, subscription.Rules));
            }
        }

        foreach (var store in _stores.Values.ToList())
        {
            foreach (var target in new[] { store.Properties.ForwardTo, store.Properties.ForwardDeadLetteredMessagesTo })
            {
                if (!string.IsNullOrEmpty(target) && !_entities.ContainsKey(target))
                {
                    throw new ArgumentException($"{store.Path} forwards to '{target}', which is not a queue or topic.", nameof(configuration));
                }
            }
        }
    }

    public EmulatorConfiguration Configuration { get; }

    public TimeProvider TimeProvider => _time;

    /// <summary>Creates a broker; with <see cref="BrokerOptions.DataDirectory"/> it first recovers the journal there.</summary>
    public static async Task<MessageBroker> StartAsync(EmulatorConfiguration configuration, BrokerOptions? options = null)
    {
        options ??= new BrokerOptions();
        var broker = new MessageBroker(configuration, options.TimeProvider);
        if (options.DataDirectory is not null)
        {
            broker._journal = await MessageJournal.OpenAsync(options.DataDirectory, broker, options.JournalCompactionThresholdBytes).ConfigureAwait(false);
        }

        return broker;
    }

    /// <summary>An in-memory broker, synchronously (tests, benchmarks).</summary>
    public static MessageBroker CreateInMemory(EmulatorConfiguration configuration, TimeProvider? time = null) =>
        new(configuration, time ?? TimeProvider.System);

    /// <summary>Describes the entity an address names (for attach: does it exist, max message size, sessions).</summary>
    public BrokerResult<EntityDescription> Describe(string address)
    {
        // Under the lock because the administration API adds and removes entities while links attach.
        lock (_sync)
        {
            return DescribeLocked(address);
        }
    }

    private BrokerResult<EntityDescription> DescribeLocked(string address)
    {
        var parsed = EntityAddress.Parse(address);
        if (_stores.TryGetValue(parsed.StorePath, out var store))
        {
            var kind = parsed.EntityPath.Contains("/Subscriptions/", StringComparison.OrdinalIgnoreCase) ? EntityKind.Subscription : EntityKind.Queue;
            var owner = _entities.GetValueOrDefault(parsed.EntityPath.Split('/')[0]);
            return new EntityDescription(store.Path, kind, parsed.SubQueue, store.RequiresSession,
                owner?.Properties.MaxMessageSizeInBytes ?? EntityLimits.DefaultMaxMessageSizeInBytes, store.Properties.LockDuration);
        }

        if (parsed.SubQueue == SubQueue.None && _entities.TryGetValue(parsed.EntityPath, out var entity))
        {
            return new EntityDescription(entity.Name, entity.Kind, SubQueue.None, RequiresSession: false,
                entity.Properties.MaxMessageSizeInBytes, entity.Properties.LockDuration);
        }

        return BrokerError.EntityNotFound(parsed.StorePath);
    }

    private MessageStore AddStore(string path, EntityProperties properties)
    {
        var store = new MessageStore(path, properties, isDeadLetterQueue: false, _time, OnStoreTimer);
        var deadLetterProperties = properties with { RequiresSession = false, ForwardTo = null, ForwardDeadLetteredMessagesTo = null };
        store.DeadLetterQueue = new MessageStore(path + "/$DeadLetterQueue", deadLetterProperties, isDeadLetterQueue: true, _time, OnStoreTimer);
        _stores.Add(store.Path, store);
        _stores.Add(store.DeadLetterQueue.Path, store.DeadLetterQueue);
        return store;
    }

    private void OnStoreTimer(MessageStore store)
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetUtcNow();
            if (now < store.NextDue)
            {
                // Timers may fire a little before the clock reads the due time; aim again rather than lose the wake-up.
                store.Rearm(now);
                return;
            }

            ProcessDue(store, now);
        }
    }

    /// <summary>Runs what is due in a store: schedules that arrived, expired message locks and session locks.</summary>
    private void ProcessDue(MessageStore store, DateTimeOffset now)
    {
        if (now < store.NextDue)
        {
            return;
        }

        if (store.TakeDueScheduled(now) is { } due)
        {
            foreach (var message in due)
            {
                message.State = MessageState.Active;
                store.MakeAvailable(message);
                _journal?.WritePut(store.Key, message);
            }
        }

        while (store.FirstExpiredLock(now) is { } expired)
        {
            ReturnForRedelivery(store, expired, propertiesToModify: null, now);
        }

        if (store.ExpiredSessionLocks(now) is { } sessions)
        {
            foreach (var session in sessions)
            {
                ReleaseSession(store, session, now);
            }
        }

        store.Rearm(now);
    }

    private ValueTask WaitDurableAsync(long ticket) =>
        ticket == 0 || _journal is null ? ValueTask.CompletedTask : _journal.WaitDurableAsync(ticket);

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        lock (_sync)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var store in _stores.Values)
            {
                store.Dispose();

                // Waiting receivers wake up and learn that the broker stopped instead of waiting forever.
                store.Signal();
            }
        }

        if (_journal is not null)
        {
            await _journal.DisposeAsync().ConfigureAwait(false);
        }
    }
}
