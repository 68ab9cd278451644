using System.Threading.Channels;
using Amqp;
using Amqp.Framing;
using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Amqp;

/// <summary>
/// A client's receiving link on a queue, subscription, dead-letter queue or session (brief §6–7). Credit pulls
/// messages from the <see cref="BrokerReceiver"/> (never more than the credit, so nothing is taken that cannot be
/// sent); peek-lock deliveries are unsettled with the lock token as the tag (.NET GUID byte order), receive-and-delete
/// deliveries are pre-settled. A drain is answered at once with what is available. The client's dispositions become
/// broker settlements, each answered with a settled disposition that never echoes the client's error.
/// </summary>
internal sealed class EntityReceiveLink
{
    private readonly MessageBroker _broker;
    private readonly SenderLink _link;
    private readonly BrokerReceiver _receiver;
    private readonly string _address;
    private readonly bool _peekLock;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly HashSet<Guid> _answered = [];
    private readonly TransactionCoordinator _transactions;
    private CancellationTokenSource _waiting = new();

    public EntityReceiveLink(MessageBroker broker, SenderLink link, BrokerReceiver receiver, string address, TransactionCoordinator transactions)
    {
        _transactions = transactions;
        _broker = broker;
        _link = link;
        _receiver = receiver;
        _address = address;
        _peekLock = receiver.Mode == ReceiveMode.PeekLock;
        link.AutoCompleteDrain = false;
        link.FlowReceived = OnFlow;
        link.DispositionReceived = OnDisposition;
    }

    public async Task ServeAsync()
    {
        _ = _link.Closed.ContinueWith(_ => OnClosed(), TaskScheduler.Default);
        if (_receiver.SessionId is not null)
        {
            _ = WatchSessionLockAsync();
        }

        OnFlow(_link);
        try
        {
            while (await _wake.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                _wake.Reader.TryRead(out _);
                await DeliverWhileCreditAsync().ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is AmqpException or OperationCanceledException or ChannelClosedException)
        {
            // The link went away; OnClosed releases the receiver.
        }
        catch (Exception exception)
        {
            // The broker stopped under us: tell the client rather than leave the link silent.
            try
            {
                await _link.CloseAsync(new Error(new AmqpSymbol(BrokerCondition.InternalError), exception.Message)).ConfigureAwait(false);
            }
            catch (AmqpException)
            {
            }
        }
    }

    /// <summary>A session receiver is detached with session-lock-lost as soon as its lock runs out unrenewed (brief §10).</summary>
    private async Task WatchSessionLockAsync()
    {
        var time = _broker.TimeProvider;
        while (!_link.IsClosed)
        {
            var left = _receiver.SessionLockedUntil - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                try
                {
                    await _link.CloseAsync(new Error(new AmqpSymbol(BrokerCondition.SessionLockLost),
                        $"The lock on session '{_receiver.SessionId}' expired.")).ConfigureAwait(false);
                }
                catch (AmqpException)
                {
                }

                return;
            }

            // Renewals move the expiry: wake at the current one and look again.
            await Task.WhenAny(Task.Delay(left + TimeSpan.FromMilliseconds(10), time), _link.Closed).ConfigureAwait(false);
        }
    }

    private async Task DeliverWhileCreditAsync()
    {
        while (!_link.IsClosed)
        {
            var credit = _link.Credit;
            if (_link.DrainRequested)
            {
                if (credit > 0)
                {
                    var available = _receiver.TryReceive((int)Math.Min(credit, int.MaxValue));
                    if (!Deliver(available))
                    {
                        return;
                    }
                }

                _link.CompleteDrain();
                return;
            }

            if (credit == 0)
            {
                return;
            }

            var waiting = Volatile.Read(ref _waiting);
            BrokerResult<IReadOnlyList<BrokerMessage>> received;
            try
            {
                received = await _receiver.ReceiveAsync((int)Math.Min(credit, int.MaxValue), waiting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!_link.IsClosed)
            {
                // A drain (or a closing link) interrupted the wait; loop to look at the link again.
                if (waiting.IsCancellationRequested)
                {
                    Interlocked.CompareExchange(ref _waiting, new CancellationTokenSource(), waiting);
                }

                continue;
            }

            if (!Deliver(received))
            {
                return;
            }
        }
    }

    private bool Deliver(BrokerResult<IReadOnlyList<BrokerMessage>> received)
    {
        if (!received.IsSuccess)
        {
            // The session lock was lost or the entity stopped: the client learns it from the detach.
            _ = _link.CloseAsync(AmqpErrors.From(received.Error!));
            return false;
        }

        foreach (var message in received.Value)
        {
            var payload = DeliveryEncoder.Encode(message, locked: _peekLock, withState: false);
            var tag = _peekLock ? message.LockToken.ToByteArray() : Guid.NewGuid().ToByteArray();
            try
            {
                var sent = _link.SendAsync(payload, new SendOptions { DeliveryTag = tag, Settled = !_peekLock });
                if (!sent.IsCompleted)
                {
                    // An unsettled send completes when it is settled: by our answer in OnDisposition, or by a client
                    // that settles in one step (settled=true with its outcome), which must still be applied.
                    var lockToken = message.LockToken;
                    _ = sent.AsTask().ContinueWith(
                        (task, state) => ((EntityReceiveLink)state!).OnSettled(lockToken, task),
                        this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
            catch (AmqpException)
            {
                return false;
            }
        }

        return true;
    }

    private void OnFlow(SenderLink link)
    {
        if (link.DrainRequested)
        {
            Volatile.Read(ref _waiting).Cancel();
        }

        _wake.Writer.TryWrite(true);
    }

    private void OnSettled(Guid lockToken, Task<DeliveryState?> settled)
    {
        lock (_answered)
        {
            if (_answered.Remove(lockToken))
            {
                return;
            }
        }

        if (settled.IsCompletedSuccessfully && settled.Result is { } state)
        {
            _ = Settle(lockToken, state).AsTask();
        }
        else
        {
            _ = settled.Exception; // the link closed: the lock simply expires, as in Azure
        }
    }

    private void OnDisposition(SentDelivery delivery, DeliveryState? state)
    {
        var lockToken = new Guid(delivery.DeliveryTag.Span);
        lock (_answered)
        {
            _answered.Add(lockToken);
        }

        var settlement = Settle(lockToken, state);
        var reply = ReplyFor(state);
        if (settlement.IsCompletedSuccessfully)
        {
            _link.Settle(delivery, Answer(settlement.Result, reply));
        }
        else
        {
            _ = SettleLaterAsync(delivery, settlement, reply);
        }
    }

    private ValueTask<BrokerResult> Settle(Guid lockToken, DeliveryState? state)
    {
        if (state is TransactionalState transactional)
        {
            return ValueTask.FromResult(Enlist(lockToken, transactional));
        }

        return SettlementFor(state) is { } settlement
            ? _broker.SettleAsync(_address, lockToken, settlement)
            : ValueTask.FromResult<BrokerResult>(new BrokerError(BrokerCondition.NotImplemented, $"The outcome {state} is not supported."));
    }

    /// <summary>A settlement inside a transaction applies when it commits; until then the message stays locked.</summary>
    private BrokerResult Enlist(Guid lockToken, TransactionalState transactional)
    {
        if (SettlementFor(transactional.Outcome) is not { } settlement)
        {
            return new BrokerError(BrokerCondition.NotImplemented, $"The outcome {transactional.Outcome} is not supported in a transaction.");
        }

        return _transactions.TryEnlist(transactional.TxnId, transaction => transaction.EnlistSettlement(_address, lockToken, settlement), out _)
            ? BrokerResult.Success
            : TransactionCoordinator.UnknownTransactionError;
    }

    private static Settlement? SettlementFor(DeliveryState? state) => state switch
    {
        Accepted => Settlement.Complete,
        Modified { UndeliverableHere: true } modified => new Settlement(SettlementKind.Defer, PropertiesOf(modified.MessageAnnotations)),
        Modified modified => new Settlement(SettlementKind.Abandon, PropertiesOf(modified.MessageAnnotations)),
        Rejected rejected => DeadLetterOf(rejected.Error),
        Released => new Settlement(SettlementKind.Abandon),
        _ => null,
    };

    private async Task SettleLaterAsync(SentDelivery delivery, ValueTask<BrokerResult> settlement, DeliveryState reply)
    {
        BrokerResult result;
        try
        {
            result = await settlement.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The journal failed or the broker stopped: report it instead of leaving the client waiting.
            result = new BrokerError(BrokerCondition.InternalError, $"The settlement could not be stored: {exception.Message}");
        }

        try
        {
            _link.Settle(delivery, Answer(result, reply));
        }
        catch (AmqpException)
        {
        }
    }

    private static DeliveryState Answer(BrokerResult result, DeliveryState success) =>
        result.IsSuccess ? success : new Rejected { Error = AmqpErrors.From(result.Error!) };

    /// <summary>The success reply mirrors the outcome, but never the client's error (brief §7 pitfall).</summary>
    private static DeliveryState ReplyFor(DeliveryState? state) => state switch
    {
        Accepted => Accepted.Instance,
        Modified modified => new Modified { DeliveryFailed = modified.DeliveryFailed, UndeliverableHere = modified.UndeliverableHere },
        Rejected => new Rejected(),
        Released => Released.Instance,
        TransactionalState transactional => new TransactionalState { TxnId = transactional.TxnId, Outcome = (Outcome)ReplyFor(transactional.Outcome) },
        _ => Accepted.Instance,
    };

    private static Settlement DeadLetterOf(Error? error)
    {
        string? reason = null;
        string? description = null;
        Dictionary<string, object?>? properties = null;
        if (error?.Info is { } info)
        {
            foreach (var (key, value) in info)
            {
                var name = key is AmqpSymbol symbol ? symbol.Value : key as string;
                if (name is null || value is null)
                {
                    continue;
                }

                switch (name)
                {
                    case ServiceBusAmqpNames.DeadLetterReason: reason = value as string ?? value.ToString(); break;
                    case ServiceBusAmqpNames.DeadLetterErrorDescription: description = value as string ?? value.ToString(); break;
                    default: (properties ??= new Dictionary<string, object?>(StringComparer.Ordinal))[name] = value; break;
                }
            }
        }

        return new Settlement(SettlementKind.DeadLetter, properties, reason, description);
    }

    internal static Dictionary<string, object?>? PropertiesOf(AmqpMap? annotations)
    {
        if (annotations is null || annotations.Count == 0)
        {
            return null;
        }

        var properties = new Dictionary<string, object?>(annotations.Count, StringComparer.Ordinal);
        foreach (var (key, value) in annotations)
        {
            var name = key is AmqpSymbol symbol ? symbol.Value : key as string;
            if (name is not null)
            {
                properties[name] = value;
            }
        }

        return properties;
    }

    private void OnClosed()
    {
        _wake.Writer.TryComplete();
        Volatile.Read(ref _waiting).Cancel();
        _receiver.Dispose();
    }
}
