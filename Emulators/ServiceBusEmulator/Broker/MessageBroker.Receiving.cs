namespace ServiceBusEmulator.Broker;

// Receiving, settlement, peek and deferral.
public sealed partial class MessageBroker
{
    /// <summary>Opens a receiver on a queue, a subscription or a dead-letter subqueue (not for session-enabled entities).</summary>
    public BrokerResult<BrokerReceiver> CreateReceiver(string address, ReceiveMode mode)
    {
        lock (_sync)
        {
            var store = FindStore(address, out var error);
            if (store is null)
            {
                return error!;
            }

            if (store.RequiresSession)
            {
                return new BrokerError(BrokerCondition.NotAllowed,
                    $"'{store.Path}' requires sessions: accept a session to receive from it.");
            }

            return new BrokerReceiver(this, store, mode, session: null);
        }
    }

    internal BrokerResult<IReadOnlyList<BrokerMessage>> Receive(BrokerReceiver receiver, int maxMessages)
    {
        lock (_sync)
        {
            return ReceiveLocked(receiver, maxMessages);
        }
    }

    internal async ValueTask<BrokerResult<IReadOnlyList<BrokerMessage>>> ReceiveAsync(
        BrokerReceiver receiver, int maxMessages, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_sync)
            {
                var result = ReceiveLocked(receiver, maxMessages);
                if (!result.IsSuccess || result.Value.Count > 0)
                {
                    return result;
                }

                changed = receiver.Store.WaitForChangeAsync();
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private BrokerResult<IReadOnlyList<BrokerMessage>> ReceiveLocked(BrokerReceiver receiver, int maxMessages)
    {
        if (receiver.IsClosed)
        {
            return new BrokerError(BrokerCondition.NotAllowed, "The receiver is closed.");
        }

        if (_disposed)
        {
            return new BrokerError(BrokerCondition.InternalError, "The broker has stopped.");
        }

        var store = receiver.Store;
        if (store.IsDeleted)
        {
            return BrokerError.EntityNotFound(store.Path);
        }

        var now = _time.GetUtcNow();
        ProcessDue(store, now);
        var session = receiver.Session;
        if (session is not null && session.Owner != receiver)
        {
            return new BrokerError(BrokerCondition.SessionLockLost, $"The lock on session '{session.SessionId}' was lost.");
        }

        List<BrokerMessage>? received = null;
        while ((received?.Count ?? 0) < maxMessages && store.TakeNextAvailable(session) is { } message)
        {
            if (message.ExpiresAt <= now)
            {
                // Azure expires messages lazily, when a receiver reaches them; so does the emulator.
                Expire(store, message, now);
                continue;
            }

            if (receiver.Mode == ReceiveMode.PeekLock)
            {
                store.Lock(message, session?.LockedUntil ?? now + store.Properties.LockDuration, now, underSessionLock: session is not null);
                (received ??= []).Add(message.Snapshot());
            }
            else
            {
                var snapshot = message.Snapshot();
                store.RemoveConsumed(message);
                _journal?.WriteDelete(store.Key, message.SequenceNumber);
                (received ??= []).Add(snapshot);
            }
        }

        return received is null ? Array.Empty<BrokerMessage>() : received;
    }

    public ValueTask<BrokerResult> CompleteAsync(string address, Guid lockToken) =>
        SettleAsync(address, lockToken, Settlement.Complete);

    /// <summary>Unlocks the message (delivery count + 1, dead-lettered at MaxDeliveryCount) and merges <paramref name="propertiesToModify"/>.</summary>
    public ValueTask<BrokerResult> AbandonAsync(string address, Guid lockToken, IReadOnlyDictionary<string, object?>? propertiesToModify = null) =>
        SettleAsync(address, lockToken, new Settlement(SettlementKind.Abandon, propertiesToModify));

    /// <summary>Sets the message aside: it is then only reachable by sequence number (ReceiveDeferred, Peek).</summary>
    public ValueTask<BrokerResult> DeferAsync(string address, Guid lockToken, IReadOnlyDictionary<string, object?>? propertiesToModify = null) =>
        SettleAsync(address, lockToken, new Settlement(SettlementKind.Defer, propertiesToModify));

    public ValueTask<BrokerResult> DeadLetterAsync(
        string address,
        Guid lockToken,
        string? reason = null,
        string? description = null,
        IReadOnlyDictionary<string, object?>? propertiesToModify = null) =>
        SettleAsync(address, lockToken, new Settlement(SettlementKind.DeadLetter, propertiesToModify, reason, description));

    public async ValueTask<BrokerResult> SettleAsync(string address, Guid lockToken, Settlement settlement)
    {
        long ticket;
        lock (_sync)
        {
            var now = _time.GetUtcNow();
            if (CheckSettlement(address, lockToken, settlement, now, out var store, out var message) is { } error)
            {
                return error;
            }

            ticket = Apply(settlement, store!, message!, now);
        }

        await WaitDurableAsync(ticket).ConfigureAwait(false);
        return BrokerResult.Success;
    }

    /// <summary>Null when <paramref name="settlement"/> can be applied now: the entity exists and the lock is held.</summary>
    private BrokerError? CheckSettlement(
        string address, Guid lockToken, Settlement settlement, DateTimeOffset now, out MessageStore? store, out BrokerMessage? message)
    {
        message = null;
        if (settlement.Kind == SettlementKind.DeadLetter && EntityAddress.Parse(address).SubQueue == SubQueue.DeadLetter)
        {
            store = null;
            return new BrokerError(BrokerCondition.NotAllowed, "A message in a dead-letter queue cannot be dead-lettered again.");
        }

        store = FindStore(address, out var error);
        if (store is null)
        {
            return error!;
        }

        ProcessDue(store, now);
        message = store.FindLocked(lockToken);
        if (message is null || message.LockedUntil <= now)
        {
            return BrokerError.LockLost(lockToken);
        }

        if (message.LockedBySession && message.Session is { } session && !session.IsLocked(now))
        {
            return new BrokerError(BrokerCondition.SessionLockLost, $"The lock on session '{session.SessionId}' was lost.");
        }

        return null;
    }

    /// <summary>Applies a checked settlement; returns the journal ticket to wait for.</summary>
    private long Apply(Settlement settlement, MessageStore store, BrokerMessage message, DateTimeOffset now)
    {
        switch (settlement.Kind)
        {
            case SettlementKind.Complete:
                store.RemoveConsumed(message);
                return _journal?.WriteDelete(store.Key, message.SequenceNumber) ?? 0;
            case SettlementKind.Abandon:
                return ReturnForRedelivery(store, message, settlement.PropertiesToModify, now);
            case SettlementKind.Defer:
                store.Defer(message);
                message.SetApplicationProperties(settlement.PropertiesToModify);
                return _journal?.WritePut(store.Key, message) ?? 0;
            case SettlementKind.DeadLetter:
                return DeadLetter(store, message, settlement.Reason, settlement.Description, settlement.PropertiesToModify, now);
            default:
                throw new ArgumentOutOfRangeException(nameof(settlement), settlement.Kind, "Unknown settlement.");
        }
    }

    /// <summary>Extends message locks by the entity's LockDuration; returns the new locked-until times in order.</summary>
    public BrokerResult<IReadOnlyList<DateTimeOffset>> RenewLock(string address, IReadOnlyList<Guid> lockTokens)
    {
        lock (_sync)
        {
            var store = FindStore(address, out var error);
            if (store is null)
            {
                return error!;
            }

            var now = _time.GetUtcNow();
            ProcessDue(store, now);
            var expirations = new DateTimeOffset[lockTokens.Count];
            for (var i = 0; i < lockTokens.Count; i++)
            {
                var message = store.FindLocked(lockTokens[i]);
                if (message is null || message.LockedUntil <= now)
                {
                    return BrokerError.LockLost(lockTokens[i]);
                }

                if (message.LockedBySession)
                {
                    return new BrokerError(BrokerCondition.NotAllowed, "Messages of a session are locked by the session lock: renew the session lock.");
                }
            }

            for (var i = 0; i < lockTokens.Count; i++)
            {
                var message = store.FindLocked(lockTokens[i])!;
                store.RenewLock(message, now + store.Properties.LockDuration, now);
                expirations[i] = message.LockedUntil;
            }

            return expirations;
        }
    }

    /// <summary>
    /// Active (including locked), deferred and scheduled messages from <paramref name="fromSequenceNumber"/> on, without
    /// locking them. An empty list means "nothing to peek" (the adapter answers 204).
    /// </summary>
    public BrokerResult<IReadOnlyList<BrokerMessage>> Peek(string address, long fromSequenceNumber, int maxMessages, string? sessionId = null)
    {
        lock (_sync)
        {
            var store = FindStore(address, out var error);
            if (store is null)
            {
                return error!;
            }

            ProcessDue(store, _time.GetUtcNow());
            var peeked = new List<BrokerMessage>();
            foreach (var message in store.PeekFrom(fromSequenceNumber))
            {
                if (peeked.Count >= maxMessages)
                {
                    break;
                }

                if (sessionId is null || message.SessionId == sessionId)
                {
                    peeked.Add(message.Snapshot());
                }
            }

            return peeked;
        }
    }

    /// <summary>Receives deferred messages by sequence number; all must exist and be deferred, or nothing is received.</summary>
    public BrokerResult<IReadOnlyList<BrokerMessage>> ReceiveDeferred(
        string address, IReadOnlyList<long> sequenceNumbers, ReceiveMode mode, string? sessionId = null)
    {
        lock (_sync)
        {
            var store = FindStore(address, out var error);
            if (store is null)
            {
                return error!;
            }

            var now = _time.GetUtcNow();
            ProcessDue(store, now);
            var messages = new List<BrokerMessage>(sequenceNumbers.Count);
            foreach (var sequenceNumber in sequenceNumbers)
            {
                var message = store.Find(sequenceNumber);
                if (message is null || message.State != MessageState.Deferred || message.LockToken != Guid.Empty
                    || (sessionId is not null && message.SessionId != sessionId))
                {
                    return new BrokerError(BrokerCondition.MessageNotFound,
                        $"No deferred message with sequence number {sequenceNumber} is available in '{store.Path}'.");
                }

                messages.Add(message);
            }

            var received = new List<BrokerMessage>(messages.Count);
            foreach (var message in messages)
            {
                if (mode == ReceiveMode.PeekLock)
                {
                    // Under the session's lock when its session is held; otherwise the message gets its own lock.
                    if (message.Session is { } session && session.IsLocked(now))
                    {
                        store.Lock(message, session.LockedUntil, now, underSessionLock: true);
                    }
                    else
                    {
                        store.Lock(message, now + store.Properties.LockDuration, now, underSessionLock: false);
                    }

                    received.Add(message.Snapshot());
                }
                else
                {
                    received.Add(message.Snapshot());
                    store.RemoveConsumed(message);
                    _journal?.WriteDelete(store.Key, message.SequenceNumber);
                }
            }

            return received;
        }
    }

    /// <summary>Abandon and lock expiry: count the failed delivery, dead-letter at MaxDeliveryCount, else make it receivable again.</summary>
    private long ReturnForRedelivery(MessageStore store, BrokerMessage message, IReadOnlyDictionary<string, object?>? propertiesToModify, DateTimeOffset now)
    {
        store.Unlock(message);
        message.DeliveryCount++;
        message.SetApplicationProperties(propertiesToModify);
        if (!store.IsDeadLetterQueue && message.DeliveryCount >= store.Properties.MaxDeliveryCount)
        {
            return DeadLetter(store, message, DeadLetterReasons.MaxDeliveryCountExceeded,
                $"Message could not be consumed after {store.Properties.MaxDeliveryCount} delivery attempts.", null, now);
        }

        if (message.State != MessageState.Deferred)
        {
            store.MakeAvailable(message);
        }

        return _journal?.WritePut(store.Key, message) ?? 0;
    }

    private long DeadLetter(
        MessageStore store,
        BrokerMessage message,
        string? reason,
        string? description,
        IReadOnlyDictionary<string, object?>? propertiesToModify,
        DateTimeOffset now)
    {
        store.Remove(message);
        var ticket = _journal?.WriteDelete(store.Key, message.SequenceNumber) ?? 0;
        message.SetApplicationProperties(propertiesToModify);
        if (reason is not null)
        {
            message.SetApplicationProperty(DeadLetterReasons.ReasonProperty, reason);
        }

        if (description is not null)
        {
            message.SetApplicationProperty(DeadLetterReasons.DescriptionProperty, description);
        }

        message.State = MessageState.Active;
        var forwardTo = store.Properties.ForwardDeadLetteredMessagesTo;
        if (!string.IsNullOrEmpty(forwardTo))
        {
            message.DeadLetterSource = store.Path;
            message.ScheduledEnqueueTime = null;
            Route(_entities[forwardTo], message, now, hops: 1, ref ticket);
            return ticket;
        }

        var deadLetterQueue = store.DeadLetterQueue!;
        message.ExpiresAt = DateTimeOffset.MaxValue;
        deadLetterQueue.Add(message, now);
        return Math.Max(ticket, _journal?.WritePut(deadLetterQueue.Key, message) ?? 0);
    }

    private void Expire(MessageStore store, BrokerMessage message, DateTimeOffset now)
    {
        if (store.Properties.DeadLetteringOnMessageExpiration && !store.IsDeadLetterQueue)
        {
            DeadLetter(store, message, DeadLetterReasons.TimeToLiveExpired, "The message expired and was dead lettered.", null, now);
            return;
        }

        store.Remove(message);
        _journal?.WriteDelete(store.Key, message.SequenceNumber);
    }

    private MessageStore? FindStore(string address, out BrokerError? error)
    {
        var parsed = EntityAddress.Parse(address);
        if (_stores.TryGetValue(parsed.StorePath, out var store))
        {
            error = null;
            return store;
        }

        error = _entities.TryGetValue(parsed.EntityPath, out var entity) && entity.Kind == EntityKind.Topic
            ? new BrokerError(BrokerCondition.NotAllowed, $"'{entity.Name}' is a topic: receive from one of its subscriptions.")
            : BrokerError.EntityNotFound(parsed.StorePath);
        return null;
    }
}
