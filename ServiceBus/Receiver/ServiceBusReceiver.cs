using ServiceBus.Diagnostics;
using ServiceBus.Transport;

namespace ServiceBus;

/// <summary>
/// Receives from one queue, subscription or their dead-letter subqueue, and settles what it received.
/// Thread-safe; settlement goes over the receive link, or through <c>$management</c> once that link is gone.
/// </summary>
public class ServiceBusReceiver : IAsyncDisposable
{
    private static readonly AmqpSymbol DeadLetterCondition = new("com.microsoft:dead-letter");
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly AmqpConnectionScope _scope;
    private readonly ServiceBusRetryPolicy _retry;
    private readonly SemaphoreSlim _linkLock = new(1, 1);
    private ReceiverLink? _link;
    private long _lastPeekedSequenceNumber;
    private int _creditOwed;
    private volatile bool _closed;

    internal ServiceBusReceiver(string entityPath, AmqpConnectionScope scope, ServiceBusRetryPolicy retry, ServiceBusReceiverOptions options, string identifier)
    {
        EntityPath = options.SubQueue switch
        {
            SubQueue.DeadLetter => entityPath + "/$DeadLetterQueue",
            SubQueue.TransferDeadLetter => entityPath + "/$Transfer/$DeadLetterQueue",
            _ => entityPath,
        };
        _scope = scope;
        _retry = retry;
        ReceiveMode = options.ReceiveMode;
        PrefetchCount = options.PrefetchCount;
        Identifier = identifier;
    }

    /// <summary>For mocking in tests of code that uses a receiver.</summary>
    protected ServiceBusReceiver()
    {
        EntityPath = string.Empty;
        Identifier = string.Empty;
        _scope = null!;
        _retry = null!;
    }

    /// <summary>The path received from, including a subqueue suffix such as <c>/$DeadLetterQueue</c>.</summary>
    public string EntityPath { get; }

    public string FullyQualifiedNamespace => _scope.Endpoint.FullyQualifiedNamespace;

    public ServiceBusReceiveMode ReceiveMode { get; }

    public int PrefetchCount { get; }

    public string Identifier { get; }

    public bool IsClosed => _closed || _scope.IsDisposed;

    public virtual async Task<ServiceBusReceivedMessage?> ReceiveMessageAsync(TimeSpan? maxWaitTime = null, CancellationToken cancellationToken = default)
    {
        var messages = await ReceiveMessagesAsync(1, maxWaitTime, cancellationToken).ConfigureAwait(false);
        return messages.Count == 0 ? null : messages[0];
    }

    /// <summary>Waits up to <paramref name="maxWaitTime"/> (default: the try timeout) for the first message, then returns what has arrived, up to <paramref name="maxMessages"/>.</summary>
    public virtual Task<IReadOnlyList<ServiceBusReceivedMessage>> ReceiveMessagesAsync(int maxMessages, TimeSpan? maxWaitTime = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        if (maxWaitTime is { } wait && wait <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(maxWaitTime), "The wait must be positive.");
        }

        return ReceiveCoreAsync(maxMessages, maxWaitTime ?? _retry.Options.TryTimeout, drainUnused: PrefetchCount == 0, (uint)maxMessages, cancellationToken);
    }

    /// <summary>
    /// Without prefetch, tops the outstanding credit up to <paramref name="creditTarget"/> (the processor asks for one
    /// per handler) and, with <paramref name="drainUnused"/>, takes unused credit back before returning.
    /// </summary>
    internal async Task<IReadOnlyList<ServiceBusReceivedMessage>> ReceiveCoreAsync(int maxMessages, TimeSpan maxWaitTime, bool drainUnused, uint creditTarget,
        CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (TryTakeBuffered(maxMessages) is { } buffered)
        {
            // Prefetched messages are already here: no wait, no retry scope, no timers.
            ServiceBusDiagnostics.MessagesReceived.Add(buffered.Count, new KeyValuePair<string, object?>("messaging.destination.name", EntityPath));
            return buffered;
        }

        var received = await _retry.RunAsync(async token =>
        {
            var link = await GetLinkAsync(token).ConfigureAwait(false);
            var result = new List<ServiceBusReceivedMessage>();
            if (PrefetchCount == 0 && link.Credit < creditTarget)
            {
                link.AddCredit(creditTarget - link.Credit);
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
            wait.CancelAfter(maxWaitTime);
            try
            {
                var first = await link.ReceiveAsync(wait.Token).ConfigureAwait(false)
                            ?? throw new AmqpException(link.Error ?? new Error(ErrorCondition.DetachForced, "The receive link closed."));
                result.Add(Accept(link, first));
                while (result.Count < maxMessages && link.TryReceive(out var next) && next is not null)
                {
                    result.Add(Accept(link, next));
                }
            }
            catch (OperationCanceledException) when (wait.IsCancellationRequested && !token.IsCancellationRequested)
            {
                // The wait ran out with nothing delivered: an empty result, not a failure.
            }

            if (drainUnused && result.Count < maxMessages && link.Credit > 0)
            {
                await DrainAsync(link, token).ConfigureAwait(false);
            }

            return result;
        }, EntityPath, cancellationToken, maxWaitTime + _retry.Options.TryTimeout).ConfigureAwait(false);

        if (received.Count > 0)
        {
            ServiceBusDiagnostics.MessagesReceived.Add(received.Count, new KeyValuePair<string, object?>("messaging.destination.name", EntityPath));
        }

        return received;
    }

    private List<ServiceBusReceivedMessage>? TryTakeBuffered(int maxMessages)
    {
        if (_link is not { IsClosed: false } link || !link.TryReceive(out var first) || first is null)
        {
            return null;
        }

        var result = new List<ServiceBusReceivedMessage>(Math.Min(maxMessages, 16)) { Accept(link, first) };
        while (result.Count < maxMessages && link.TryReceive(out var next) && next is not null)
        {
            result.Add(Accept(link, next));
        }

        return result;
    }

    /// <summary>Takes back credit a receive call did not use, so the broker does not lock messages nobody waits for.</summary>
    private static async Task DrainAsync(ReceiverLink link, CancellationToken cancellationToken)
    {
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drain.CancelAfter(DrainTimeout);
        try
        {
            await link.DrainAsync(drain.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A broker that ignores drain leaves the credit outstanding; later calls take those messages first.
        }
    }

    private ServiceBusReceivedMessage Accept(ReceiverLink link, ReceivedDelivery delivery)
    {
        if (PrefetchCount > 0)
        {
            // Credit comes back for messages the application took, so prefetch stays bounded by what it consumed;
            // it is returned in steps of a quarter of the prefetch so the broker is not sent one flow per message.
            var owed = Interlocked.Increment(ref _creditOwed);
            if (owed >= Math.Max(1, PrefetchCount / 4) && Interlocked.CompareExchange(ref _creditOwed, 0, owed) == owed)
            {
                link.AddCredit((uint)owed);
            }
        }

        var peekLock = ReceiveMode == ServiceBusReceiveMode.PeekLock && !delivery.IsSettledBySender;
        var message = AmqpMessageConverter.ToReceivedMessage(delivery.GetMessage(),
            peekLock ? AmqpMessageConverter.LockTokenFromDeliveryTag(delivery.DeliveryTag) : Guid.Empty, isPeeked: false);
        message.Delivery = peekLock ? delivery : null;
        return message;
    }

    public virtual async Task<ServiceBusReceivedMessage?> PeekMessageAsync(long? fromSequenceNumber = null, CancellationToken cancellationToken = default)
    {
        var messages = await PeekMessagesAsync(1, fromSequenceNumber, cancellationToken).ConfigureAwait(false);
        return messages.Count == 0 ? null : messages[0];
    }

    /// <summary>Reads messages without locking them; without a start, continues after the last peeked one.</summary>
    public virtual async Task<IReadOnlyList<ServiceBusReceivedMessage>> PeekMessagesAsync(int maxMessages, long? fromSequenceNumber = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ObjectDisposedException.ThrowIf(IsClosed, this);
        var from = fromSequenceNumber ?? Interlocked.Read(ref _lastPeekedSequenceNumber) + 1;
        var (status, body) = await ManagementAsync(ManagementClient.Peek, new AmqpMap
        {
            ["from-sequence-number"] = from,
            ["message-count"] = maxMessages,
        }, cancellationToken, 204).ConfigureAwait(false);
        if (status == 204 || body?.GetValueOrDefault("messages") is not AmqpList entries)
        {
            return [];
        }

        var messages = new List<ServiceBusReceivedMessage>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry is AmqpMap { } map && map.GetValueOrDefault("message") is byte[] encoded)
            {
                messages.Add(AmqpMessageConverter.ToReceivedMessage(AmqpMessage.Decode(encoded), Guid.Empty, isPeeked: true));
            }
        }

        if (messages.Count > 0)
        {
            Interlocked.Exchange(ref _lastPeekedSequenceNumber, messages[^1].SequenceNumber);
        }

        return messages;
    }

    public virtual async Task<ServiceBusReceivedMessage> ReceiveDeferredMessageAsync(long sequenceNumber, CancellationToken cancellationToken = default)
    {
        var messages = await ReceiveDeferredMessagesAsync([sequenceNumber], cancellationToken).ConfigureAwait(false);
        return messages.Count > 0
            ? messages[0]
            : throw new ServiceBusException($"No deferred message has sequence number {sequenceNumber}.", ServiceBusFailureReason.MessageNotFound, EntityPath);
    }

    public virtual async Task<IReadOnlyList<ServiceBusReceivedMessage>> ReceiveDeferredMessagesAsync(IEnumerable<long> sequenceNumbers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequenceNumbers);
        ObjectDisposedException.ThrowIf(IsClosed, this);
        var numbers = sequenceNumbers.ToArray();
        if (numbers.Length == 0)
        {
            return [];
        }

        var (_, body) = await ManagementAsync(ManagementClient.ReceiveBySequenceNumber, new AmqpMap
        {
            ["sequence-numbers"] = AmqpArray.Of(numbers),
            ["receiver-settle-mode"] = ReceiveMode == ServiceBusReceiveMode.PeekLock ? 1u : 0u,
        }, cancellationToken).ConfigureAwait(false);
        var messages = new List<ServiceBusReceivedMessage>();
        if (body?.GetValueOrDefault("messages") is AmqpList entries)
        {
            foreach (var entry in entries)
            {
                if (entry is AmqpMap map && map.GetValueOrDefault("message") is byte[] encoded)
                {
                    var lockToken = map.GetValueOrDefault("lock-token") is Guid token ? token : Guid.Empty;
                    var message = AmqpMessageConverter.ToReceivedMessage(AmqpMessage.Decode(encoded), lockToken, isPeeked: false);
                    message.SettleThroughManagement = true;
                    messages.Add(message);
                }
            }
        }

        ServiceBusDiagnostics.MessagesReceived.Add(messages.Count, new KeyValuePair<string, object?>("messaging.destination.name", EntityPath));
        return messages;
    }

    /// <summary>Extends the message's lock; updates <see cref="ServiceBusReceivedMessage.LockedUntil"/>.</summary>
    public virtual async Task RenewMessageLockAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ThrowIfCannotSettle(message);
        var (_, body) = await ManagementAsync(ManagementClient.RenewLock, new AmqpMap
        {
            ["lock-tokens"] = AmqpArray.Of(message.LockTokenGuid),
        }, cancellationToken).ConfigureAwait(false);
        if (body?.GetValueOrDefault("expirations") is AmqpArray { Count: > 0 } expirations && expirations.Items[0] is AmqpTimestamp until)
        {
            message.LockedUntil = new DateTimeOffset(until.ToDateTime(), TimeSpan.Zero);
        }
    }

    public virtual Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) =>
        SettleAsync(message, SettlementOutcome.Complete, null, null, null, cancellationToken);

    public virtual Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object?>? propertiesToModify = null, CancellationToken cancellationToken = default) =>
        SettleAsync(message, SettlementOutcome.Abandon, propertiesToModify, null, null, cancellationToken);

    public virtual Task DeferMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object?>? propertiesToModify = null, CancellationToken cancellationToken = default) =>
        SettleAsync(message, SettlementOutcome.Defer, propertiesToModify, null, null, cancellationToken);

    public virtual Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, string deadLetterReason, string? deadLetterErrorDescription = null,
        CancellationToken cancellationToken = default) =>
        SettleAsync(message, SettlementOutcome.DeadLetter, null, deadLetterReason, deadLetterErrorDescription, cancellationToken);

    public virtual Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object?>? propertiesToModify = null,
        CancellationToken cancellationToken = default) =>
        SettleAsync(message, SettlementOutcome.DeadLetter, propertiesToModify, null, null, cancellationToken);

    public virtual Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object?>? propertiesToModify, string? deadLetterReason,
        string? deadLetterErrorDescription = null, CancellationToken cancellationToken = default) =>
        SettleAsync(message, SettlementOutcome.DeadLetter, propertiesToModify, deadLetterReason, deadLetterErrorDescription, cancellationToken);

    private async Task SettleAsync(ServiceBusReceivedMessage message, SettlementOutcome outcome, IDictionary<string, object?>? properties,
        string? reason, string? description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ThrowIfCannotSettle(message);
        if (Interlocked.CompareExchange(ref message.SettledFlag, 1, 0) != 0)
        {
            throw new InvalidOperationException($"Message {message.MessageId} (sequence {message.SequenceNumber}) was already settled.");
        }

        try
        {
            await _retry.RunAsync(token => message.Delivery is { Link.IsClosed: false } delivery && !message.SettleThroughManagement
                    ? SettleOnLinkAsync(message, delivery, outcome, properties, reason, description, token)
                    : SettleThroughManagementAsync(message, outcome, properties, reason, description, token),
                EntityPath, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Volatile.Write(ref message.SettledFlag, 0);
            throw;
        }

        ServiceBusDiagnostics.RecordSettled(EntityPath, outcome.ToString().ToLowerInvariant());
    }

    private async Task SettleOnLinkAsync(ServiceBusReceivedMessage message, ReceivedDelivery delivery, SettlementOutcome outcome,
        IDictionary<string, object?>? properties, string? reason, string? description, CancellationToken cancellationToken)
    {
        DeliveryState state = outcome switch
        {
            SettlementOutcome.Complete => Accepted.Instance,
            SettlementOutcome.Abandon => new Modified { UndeliverableHere = false, MessageAnnotations = ToAnnotations(properties) },
            SettlementOutcome.Defer => new Modified { UndeliverableHere = true, MessageAnnotations = ToAnnotations(properties) },
            _ => DeadLetterState(properties, reason, description),
        };
        DeliveryState? reply;
        try
        {
            reply = await delivery.Link.SettleAsync(delivery, state, cancellationToken).ConfigureAwait(false);
        }
        catch (AmqpException) when (delivery.Link.IsClosed)
        {
            // The link died under the disposition: whether it arrived is unknown, so ask by lock token instead.
            // A settlement that did land makes the broker answer lock-lost, which is reported, never repeated.
            await SettleThroughManagementAsync(message, outcome, properties, reason, description, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (reply is Rejected { Error: { } error })
        {
            if (error.Condition == ErrorCondition.NotFound && !message.SettleThroughManagement)
            {
                // The broker no longer knows this delivery on the link (e.g. after a reconnect): the lock token still names it.
                await SettleThroughManagementAsync(message, outcome, properties, reason, description, cancellationToken).ConfigureAwait(false);
                return;
            }

            throw AmqpErrorMapping.FromCondition(error.Condition?.Value, error.Description, EntityPath);
        }
    }

    private Task SettleThroughManagementAsync(ServiceBusReceivedMessage message, SettlementOutcome outcome, IDictionary<string, object?>? properties,
        string? reason, string? description, CancellationToken cancellationToken)
    {
        var body = new AmqpMap
        {
            ["lock-tokens"] = AmqpArray.Of(message.LockTokenGuid),
            ["disposition-status"] = outcome switch
            {
                SettlementOutcome.Complete => "completed",
                SettlementOutcome.Abandon => "abandoned",
                SettlementOutcome.Defer => "defered", // sic: the broker's spelling
                _ => "suspended",
            },
        };
        if (reason is not null)
        {
            body["deadletter-reason"] = reason;
        }

        if (description is not null)
        {
            body["deadletter-description"] = description;
        }

        if (properties is { Count: > 0 })
        {
            var map = new AmqpMap(properties.Count);
            foreach (var (key, value) in properties)
            {
                map[key] = AmqpMessageConverter.ToAmqpValue(value, key);
            }

            body["properties-to-modify"] = map;
        }

        return ManagementOnceAsync(ManagementClient.UpdateDisposition, body, cancellationToken);
    }

    private static DeliveryState DeadLetterState(IDictionary<string, object?>? properties, string? reason, string? description)
    {
        if (reason is null && description is null && properties is not { Count: > 0 })
        {
            return new Rejected();
        }

        var info = ToAnnotations(properties) ?? new AmqpMap();
        if (reason is not null)
        {
            info[new AmqpSymbol("DeadLetterReason")] = reason;
        }

        if (description is not null)
        {
            info[new AmqpSymbol("DeadLetterErrorDescription")] = description;
        }

        return new Rejected { Error = new Error { Condition = DeadLetterCondition, Info = info } };
    }

    private static AmqpMap? ToAnnotations(IDictionary<string, object?>? properties)
    {
        if (properties is not { Count: > 0 })
        {
            return null;
        }

        var map = new AmqpMap(properties.Count);
        foreach (var (key, value) in properties)
        {
            map[new AmqpSymbol(key)] = AmqpMessageConverter.ToAmqpValue(value, key);
        }

        return map;
    }

    private void ThrowIfCannotSettle(ServiceBusReceivedMessage message)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (ReceiveMode == ServiceBusReceiveMode.ReceiveAndDelete || message.LockTokenGuid == Guid.Empty)
        {
            throw new InvalidOperationException("Only messages received in peek-lock mode can be settled or have their lock renewed.");
        }
    }

    private Task<(int Status, AmqpMap? Body)> ManagementAsync(string operation, AmqpMap body, CancellationToken cancellationToken, params int[] acceptedStatuses) =>
        _retry.RunAsync(async token =>
        {
            var management = await _scope.GetManagementClientAsync(EntityPath, token).ConfigureAwait(false);
            return await management.RequestAsync(operation, body, _retry.Options.TryTimeout, _link?.Name, token, acceptedStatuses).ConfigureAwait(false);
        }, EntityPath, cancellationToken);

    /// <summary>One management attempt (the caller's retry loop owns retries).</summary>
    private async Task ManagementOnceAsync(string operation, AmqpMap body, CancellationToken cancellationToken)
    {
        var management = await _scope.GetManagementClientAsync(EntityPath, cancellationToken).ConfigureAwait(false);
        await management.RequestAsync(operation, body, _retry.Options.TryTimeout, _link?.Name, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ReceiverLink> GetLinkAsync(CancellationToken cancellationToken)
    {
        if (_link is { IsClosed: false } link && !link.Session.Connection.IsClosed)
        {
            return link;
        }

        await _linkLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            if (_link is { IsClosed: false } current && !current.Session.Connection.IsClosed)
            {
                return current;
            }

            _link = await _scope.OpenReceiverLinkAsync(EntityPath, ReceiveMode, (uint)PrefetchCount, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _creditOwed, 0); // a new link starts with the full prefetch
            return _link;
        }
        finally
        {
            _linkLock.Release();
        }
    }

    public virtual async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        await _linkLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_link is { IsClosed: false } link && !link.Session.Connection.IsClosed)
            {
                await ReleasePrefetchedAsync(link).ConfigureAwait(false);
                await LinkClosing.CloseQuietlyAsync(link, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _linkLock.Release();
        }
    }

    /// <summary>
    /// Hands back messages that were prefetched but never given to the application, so other receivers get them now
    /// instead of after their locks expire (either way the broker counts the delivery).
    /// </summary>
    private async Task ReleasePrefetchedAsync(ReceiverLink link)
    {
        if (ReceiveMode != ServiceBusReceiveMode.PeekLock)
        {
            return;
        }

        // Take the credit back first, or the broker would hand the released messages straight back to this link.
        try
        {
            await DrainAsync(link, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AmqpException)
        {
            return; // the link is already gone; its locks expire at the broker
        }

        var releases = new List<Task>();
        while (link.TryReceive(out var delivery) && delivery is { IsSettledBySender: false })
        {
            releases.Add(link.ReleaseAsync(delivery).AsTask());
        }

        try
        {
            await Task.WhenAll(releases).WaitAsync(DrainTimeout).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AmqpException or TimeoutException)
        {
            // Whatever was not released returns when its lock expires.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}
