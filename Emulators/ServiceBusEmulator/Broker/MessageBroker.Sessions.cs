namespace ServiceBusEmulator.Broker;

// Sessions: accepting, locks, state.
public sealed partial class MessageBroker
{
    /// <summary>
    /// Accepts a session of a session-enabled queue or subscription: <paramref name="sessionId"/>, or with null the
    /// unlocked session holding the oldest available message, waiting up to <paramref name="timeout"/> for one.
    /// Errors: session-cannot-be-locked (held by another receiver), timeout (none became available).
    /// </summary>
    public async ValueTask<BrokerResult<BrokerReceiver>> AcceptSessionAsync(
        string address,
        string? sessionId,
        ReceiveMode mode,
        TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        var deadline = _time.GetUtcNow() + timeout;
        while (true)
        {
            Task changed;
            lock (_sync)
            {
                if (_disposed)
                {
                    return new BrokerError(BrokerCondition.InternalError, "The broker has stopped.");
                }

                var store = FindStore(address, out var error);
                if (store is null)
                {
                    return error!;
                }

                if (!store.RequiresSession)
                {
                    return new BrokerError(BrokerCondition.NotAllowed, $"'{store.Path}' does not require sessions: use a plain receiver.");
                }

                var now = _time.GetUtcNow();
                ProcessDue(store, now);
                var session = sessionId is null ? store.NextAvailableSession(now) : store.GetOrAddSession(sessionId);
                if (session is not null)
                {
                    if (session.IsLocked(now))
                    {
                        return new BrokerError(BrokerCondition.SessionCannotBeLocked,
                            $"The session '{session.SessionId}' is locked by another receiver.");
                    }

                    var receiver = new BrokerReceiver(this, store, mode, session);
                    session.Owner = receiver;
                    session.LockedUntil = now + store.Properties.LockDuration;
                    store.Arm(session.LockedUntil, now);
                    return receiver;
                }

                if (now >= deadline)
                {
                    return new BrokerError(BrokerCondition.Timeout, $"No unlocked session with messages became available in '{store.Path}' within {timeout}.");
                }

                changed = store.WaitForChangeAsync();
            }

            try
            {
                await changed.WaitAsync(deadline - _time.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero, _time, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Loop once more: the deadline check above produces the timeout error.
            }
        }
    }

    /// <summary>Extends a session's lock (and the locks of its unsettled messages) by the entity's LockDuration.</summary>
    public BrokerResult<DateTimeOffset> RenewSessionLock(string address, string sessionId)
    {
        lock (_sync)
        {
            var session = FindLockedSession(address, sessionId, out var store, out var now, out var error);
            if (session is null)
            {
                return error!;
            }

            session.LockedUntil = now + store!.Properties.LockDuration;
            foreach (var message in session.Locked)
            {
                message.LockedUntil = session.LockedUntil;
            }

            return session.LockedUntil;
        }
    }

    public BrokerResult<byte[]?> GetSessionState(string address, string sessionId)
    {
        lock (_sync)
        {
            var session = FindLockedSession(address, sessionId, out _, out _, out var error);
            if (session is null)
            {
                return error!;
            }

            BrokerResult<byte[]?> state = session.State;
            return state;
        }
    }

    /// <summary>Sets (or with null clears) a session's state; durable when the call completes.</summary>
    public async ValueTask<BrokerResult> SetSessionStateAsync(string address, string sessionId, byte[]? state)
    {
        long ticket;
        lock (_sync)
        {
            var session = FindLockedSession(address, sessionId, out var store, out _, out var error);
            if (session is null)
            {
                return error!;
            }

            session.State = state is null ? null : [.. state];
            ticket = _journal?.WriteSessionState(store!.Key, sessionId, session.State) ?? 0;
        }

        await WaitDurableAsync(ticket).ConfigureAwait(false);
        return BrokerResult.Success;
    }

    /// <summary>The ids of sessions that have messages or state (management get-message-sessions).</summary>
    public BrokerResult<IReadOnlyList<string>> GetSessionIds(string address)
    {
        lock (_sync)
        {
            var store = FindStore(address, out var error);
            return store is null ? error! : store.Sessions.Select(s => s.SessionId).ToList();
        }
    }

    internal void CloseReceiver(BrokerReceiver receiver)
    {
        lock (_sync)
        {
            if (receiver.Session is { } session && session.Owner == receiver)
            {
                ReleaseSession(receiver.Store, session, _time.GetUtcNow());
            }
        }
    }

    internal DateTimeOffset SessionLockedUntil(BrokerReceiver receiver)
    {
        lock (_sync)
        {
            return receiver.Session?.LockedUntil ?? default;
        }
    }

    /// <summary>Ends a session lock (receiver closed, or lock expired): unsettled messages return with delivery count + 1.</summary>
    private void ReleaseSession(MessageStore store, SessionQueue session, DateTimeOffset now)
    {
        session.Owner = null;
        session.LockedUntil = default;
        foreach (var message in session.Locked.ToList())
        {
            ReturnForRedelivery(store, message, propertiesToModify: null, now);
        }

        store.ForgetIfIdle(session);
        store.Signal();
    }

    private SessionQueue? FindLockedSession(string address, string sessionId, out MessageStore? store, out DateTimeOffset now, out BrokerError? error)
    {
        now = _time.GetUtcNow();
        store = FindStore(address, out error);
        if (store is null)
        {
            return null;
        }

        ProcessDue(store, now);
        var session = store.FindSession(sessionId);
        if (session is null || !session.IsLocked(now))
        {
            error = new BrokerError(BrokerCondition.SessionLockLost, $"The session '{sessionId}' is not locked: accept it first.");
            return null;
        }

        return session;
    }
}
