using ServiceBusEmulator.Configuration;

namespace ServiceBusEmulator.Broker;

/// <summary>
/// The messages of one receivable entity: a queue, a subscription, or the dead-letter subqueue of either.
/// Not thread-safe: every member runs under the broker's lock. Cross-store moves (dead-lettering, forwarding)
/// and the journal are the broker's business; the store keeps order, locks, schedules, sessions and waiters.
/// </summary>
internal sealed class MessageStore
{
    private readonly Dictionary<long, BrokerMessage> _messages = [];
    private readonly SortedSet<long> _order = [];
    private readonly PriorityQueue<BrokerMessage, long> _available = new();
    private readonly Dictionary<string, SessionQueue> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, BrokerMessage> _locked = [];
    private readonly LockList _locks = new();
    private readonly PriorityQueue<BrokerMessage, DateTimeOffset> _scheduled = new();
    private readonly List<TaskCompletionSource> _waiters = [];
    private readonly ITimer _timer;
    private DateTimeOffset _timerDue = DateTimeOffset.MaxValue;

    public MessageStore(string path, EntityProperties properties, bool isDeadLetterQueue, TimeProvider time, Action<MessageStore> onTimer)
    {
        Path = path;
        Key = path.ToLowerInvariant();
        Properties = properties;
        IsDeadLetterQueue = isDeadLetterQueue;
        _timer = time.CreateTimer(_ => onTimer(this), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public string Path { get; }

    /// <summary>The case-insensitive identity of the store (journal key, lookups).</summary>
    public string Key { get; }

    /// <summary>Replaced when the entity is updated through the administration API.</summary>
    public EntityProperties Properties { get; set; }

    public bool IsDeadLetterQueue { get; }

    /// <summary>Set when the administration API deletes the entity: its receivers then fail with not-found, as in Azure.</summary>
    public bool IsDeleted { get; set; }

    public bool RequiresSession => Properties.RequiresSession;

    public MessageStore? DeadLetterQueue { get; set; }

    /// <summary>Set on queues (own sequence numbers); subscriptions and dead-letter queues use others'.</summary>
    public long LastSequenceNumber { get; set; }

    public int Count => _messages.Count;

    /// <summary>Messages held under a peek-lock right now (in flight to a receiver).</summary>
    public int LockedCount => _locked.Count;

    /// <summary>Messages a send, a topic fan-out or a forward stored here since the broker started (recovery excluded).</summary>
    public long EnqueuedTotal { get; set; }

    /// <summary>Messages a completion or a receive-and-delete removed from here since the broker started.</summary>
    public long CompletedTotal { get; private set; }

    public IEnumerable<BrokerMessage> Messages => _messages.Values;

    public IEnumerable<SessionQueue> Sessions => _sessions.Values;

    public bool Contains(long sequenceNumber) => _messages.ContainsKey(sequenceNumber);

    public BrokerMessage? Find(long sequenceNumber) => _messages.GetValueOrDefault(sequenceNumber);

    public BrokerMessage? FindLocked(Guid lockToken) => _locked.GetValueOrDefault(lockToken);

    /// <summary>Adds a message that already has its sequence number, enqueued time and state.</summary>
    public void Add(BrokerMessage message, DateTimeOffset now)
    {
        message.Store = this;
        _messages[message.SequenceNumber] = message;
        _order.Add(message.SequenceNumber);
        if (RequiresSession && message.SessionId is not null)
        {
            message.Session = GetOrAddSession(message.SessionId);
            message.Session.MessageCount++;
        }

        switch (message.State)
        {
            case MessageState.Scheduled when message.ScheduledEnqueueTime > now:
                _scheduled.Enqueue(message, message.ScheduledEnqueueTime.Value);
                Arm(message.ScheduledEnqueueTime.Value, now);
                break;
            case MessageState.Scheduled:
                message.State = MessageState.Active;
                MakeAvailable(message);
                break;
            case MessageState.Active:
                MakeAvailable(message);
                break;
        }
    }

    public void Remove(BrokerMessage message)
    {
        Unlock(message);
        _messages.Remove(message.SequenceNumber);
        _order.Remove(message.SequenceNumber);
        message.Store = null;
        if (message.Session is { } session)
        {
            message.Session = null;
            session.MessageCount--;
            ForgetIfIdle(session);
        }
    }

    /// <summary>Removes a message its receiver has consumed (completed, or received in receive-and-delete mode).</summary>
    public void RemoveConsumed(BrokerMessage message)
    {
        Remove(message);
        CompletedTotal++;
    }

    /// <summary>Puts a message back among the available ones (new, abandoned, lock expired, schedule due).</summary>
    public void MakeAvailable(BrokerMessage message)
    {
        Unlock(message);
        message.State = MessageState.Active;
        if (message.Session is { } session)
        {
            session.Available.Enqueue(message, message.SequenceNumber);
        }
        else
        {
            _available.Enqueue(message, message.SequenceNumber);
        }

        Signal();
    }

    /// <summary>Takes the next available message of the store, or of <paramref name="session"/> for a session receiver.</summary>
    public BrokerMessage? TakeNextAvailable(SessionQueue? session)
    {
        var queue = session?.Available ?? _available;
        while (queue.TryDequeue(out var message, out _))
        {
            // Entries can be stale: a message may have been settled by sequence number or moved meanwhile.
            if (message.Store == this && message.State == MessageState.Active && message.LockToken == Guid.Empty)
            {
                return message;
            }
        }

        return null;
    }

    public void Lock(BrokerMessage message, DateTimeOffset lockedUntil, DateTimeOffset now, bool underSessionLock)
    {
        message.LockToken = Guid.NewGuid();
        message.LockedUntil = lockedUntil;
        message.LockedBySession = underSessionLock;
        _locked[message.LockToken] = message;
        if (underSessionLock && message.Session is { } session)
        {
            // A session message's lock is the session lock: it expires with the session, not on its own.
            session.Locked.Add(message);
        }
        else
        {
            _locks.Append(message);
            Arm(lockedUntil, now);
        }
    }

    public void RenewLock(BrokerMessage message, DateTimeOffset lockedUntil, DateTimeOffset now)
    {
        message.LockedUntil = lockedUntil;
        _locks.Remove(message);
        _locks.Append(message);
        Arm(lockedUntil, now);
    }

    public void Unlock(BrokerMessage message)
    {
        if (message.LockToken == Guid.Empty)
        {
            return;
        }

        _locked.Remove(message.LockToken);
        _locks.Remove(message);
        message.Session?.Locked.Remove(message);
        message.LockedBySession = false;
        message.LockToken = Guid.Empty;
        message.LockedUntil = default;
    }

    public void Defer(BrokerMessage message)
    {
        Unlock(message);
        message.State = MessageState.Deferred;
    }

    /// <summary>Messages whose schedule is due, in due order; they are removed from the schedule.</summary>
    public List<BrokerMessage>? TakeDueScheduled(DateTimeOffset now)
    {
        List<BrokerMessage>? due = null;
        while (_scheduled.TryPeek(out var message, out var at) && at <= now)
        {
            _scheduled.Dequeue();
            if (message.Store == this && message.State == MessageState.Scheduled)
            {
                (due ??= []).Add(message);
            }
        }

        return due;
    }

    /// <summary>The first message whose (non-session) lock has expired, if any.</summary>
    public BrokerMessage? FirstExpiredLock(DateTimeOffset now) =>
        _locks.First is { } first && first.LockedUntil <= now ? first : null;

    public List<SessionQueue>? ExpiredSessionLocks(DateTimeOffset now)
    {
        List<SessionQueue>? expired = null;
        foreach (var session in _sessions.Values)
        {
            if (session.Owner is not null && session.LockedUntil <= now)
            {
                (expired ??= []).Add(session);
            }
        }

        return expired;
    }

    public IEnumerable<BrokerMessage> PeekFrom(long fromSequenceNumber)
    {
        foreach (var sequenceNumber in _order.GetViewBetween(fromSequenceNumber, long.MaxValue))
        {
            yield return _messages[sequenceNumber];
        }
    }

    public SessionQueue GetOrAddSession(string sessionId)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            session = new SessionQueue(sessionId);
            _sessions.Add(sessionId, session);
        }

        return session;
    }

    public SessionQueue? FindSession(string sessionId) => _sessions.GetValueOrDefault(sessionId);

    /// <summary>The unlocked session holding the oldest available message, for accept-next-session.</summary>
    public SessionQueue? NextAvailableSession(DateTimeOffset now)
    {
        SessionQueue? best = null;
        var bestSequence = long.MaxValue;
        foreach (var session in _sessions.Values)
        {
            if (session.IsLocked(now))
            {
                continue;
            }

            while (session.Available.TryPeek(out var head, out var sequence))
            {
                if (head.Store == this && head.State == MessageState.Active && head.LockToken == Guid.Empty)
                {
                    if (sequence < bestSequence)
                    {
                        best = session;
                        bestSequence = sequence;
                    }

                    break;
                }

                session.Available.Dequeue();
            }
        }

        return best;
    }

    public void ForgetIfIdle(SessionQueue session)
    {
        if (session.Owner is null && session.State is null && session.MessageCount == 0)
        {
            _sessions.Remove(session.SessionId);
        }
    }

    /// <summary>Makes sure the store's timer fires no later than <paramref name="due"/>.</summary>
    public void Arm(DateTimeOffset due, DateTimeOffset now)
    {
        if (due >= _timerDue)
        {
            return;
        }

        _timerDue = due;
        var delay = due - now;
        _timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>After due work ran: aim the timer at the next lock expiry, schedule or session lock expiry.</summary>
    public void Rearm(DateTimeOffset now)
    {
        var next = DateTimeOffset.MaxValue;
        if (_locks.First is { } firstLock)
        {
            next = firstLock.LockedUntil;
        }

        if (_scheduled.TryPeek(out _, out var scheduledAt) && scheduledAt < next)
        {
            next = scheduledAt;
        }

        foreach (var session in _sessions.Values)
        {
            if (session.Owner is not null && session.LockedUntil < next)
            {
                next = session.LockedUntil;
            }
        }

        _timerDue = DateTimeOffset.MaxValue;
        if (next != DateTimeOffset.MaxValue)
        {
            Arm(next, now);
        }
        else
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>When the next lock expiry, schedule or session lock expiry is due (MaxValue: nothing pending).</summary>
    public DateTimeOffset NextDue => _timerDue;

    public Task WaitForChangeAsync()
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add(waiter);
        return waiter.Task;
    }

    /// <summary>Wakes every waiting receiver; each re-checks (continuations run asynchronously, outside the lock).</summary>
    public void Signal()
    {
        if (_waiters.Count == 0)
        {
            return;
        }

        foreach (var waiter in _waiters)
        {
            waiter.TrySetResult();
        }

        _waiters.Clear();
    }

    public void Dispose() => _timer.Dispose();
}
