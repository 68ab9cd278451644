using ServiceBus.Diagnostics;
using ServiceBus.Transport;

namespace ServiceBus;

/// <summary>Sends messages to one queue or topic. Thread-safe; create once and reuse.</summary>
public class ServiceBusSender : IAsyncDisposable
{
    private readonly AmqpConnectionScope _scope;
    private readonly ServiceBusRetryPolicy _retry;
    private readonly SemaphoreSlim _linkLock = new(1, 1);
    private SenderLink? _link;
    private volatile bool _closed;

    internal ServiceBusSender(string entityPath, AmqpConnectionScope scope, ServiceBusRetryPolicy retry, string identifier)
    {
        EntityPath = entityPath;
        _scope = scope;
        _retry = retry;
        Identifier = identifier;
    }

    /// <summary>For mocking in tests of code that uses a sender.</summary>
    protected ServiceBusSender()
    {
        EntityPath = string.Empty;
        Identifier = string.Empty;
        _scope = null!;
        _retry = null!;
    }

    public string EntityPath { get; }

    public string FullyQualifiedNamespace => _scope.Endpoint.FullyQualifiedNamespace;

    public string Identifier { get; }

    public bool IsClosed => _closed || _scope.IsDisposed;

    public virtual Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendMessagesAsync([message], cancellationToken);
    }

    /// <summary>Sends the messages as one transfer (a batch when more than one); they must fit in one message.</summary>
    public virtual async Task SendMessagesAsync(IEnumerable<ServiceBusMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.ToList();
        if (list.Count == 0)
        {
            return;
        }

        using var activity = ServiceBusDiagnostics.StartSend(FullyQualifiedNamespace, EntityPath, list.Count);
        foreach (var message in list)
        {
            DiagnosticIdPropagation.Inject(message, activity);
        }

        var encoded = list.Select(m => AmqpMessageConverter.Encode(AmqpMessageConverter.ToAmqpMessage(m))).ToList();
        try
        {
            await SendEncodedAsync(encoded, list[0], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, exception.Message);
            throw;
        }
    }

    public virtual async Task SendMessagesAsync(ServiceBusMessageBatch messageBatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageBatch);
        if (messageBatch.Count == 0)
        {
            return;
        }

        using var activity = ServiceBusDiagnostics.StartSend(FullyQualifiedNamespace, EntityPath, messageBatch.Count);
        messageBatch.Lock();
        try
        {
            await SendEncodedAsync(messageBatch.EncodedMessages, messageBatch.Messages[0], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, exception.Message);
            throw;
        }
        finally
        {
            messageBatch.Unlock();
        }
    }

    public virtual ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CancellationToken cancellationToken = default) =>
        CreateMessageBatchAsync(new CreateMessageBatchOptions(), cancellationToken);

    /// <summary>A batch limited by the link's max-message-size (the link is opened to learn it).</summary>
    public virtual async ValueTask<ServiceBusMessageBatch> CreateMessageBatchAsync(CreateMessageBatchOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var linkLimit = await _retry.RunAsync(async token => MaxMessageSize(await GetLinkAsync(token).ConfigureAwait(false)), EntityPath, cancellationToken)
            .ConfigureAwait(false);
        if (options.MaxSizeInBytes is { } requested && (requested <= 0 || requested > linkLimit))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxSizeInBytes must be between 1 and the link's limit of {linkLimit} bytes.");
        }

        return new ServiceBusMessageBatch(options.MaxSizeInBytes ?? linkLimit);
    }

    public virtual async Task<long> ScheduleMessageAsync(ServiceBusMessage message, DateTimeOffset scheduledEnqueueTime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var numbers = await ScheduleMessagesAsync([message], scheduledEnqueueTime, cancellationToken).ConfigureAwait(false);
        return numbers[0];
    }

    /// <summary>Schedules through <c>$management</c>; returns the sequence numbers to cancel them with.</summary>
    public virtual async Task<IReadOnlyList<long>> ScheduleMessagesAsync(IEnumerable<ServiceBusMessage> messages, DateTimeOffset scheduledEnqueueTime,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages.ToList();
        using var activity = ServiceBusDiagnostics.StartSend(FullyQualifiedNamespace, EntityPath, list.Count);
        var entries = new AmqpList(list.Count);
        foreach (var message in list)
        {
            message.ScheduledEnqueueTime = scheduledEnqueueTime;
            DiagnosticIdPropagation.Inject(message, activity);
            var entry = new AmqpMap
            {
                ["message"] = AmqpMessageConverter.Encode(AmqpMessageConverter.ToAmqpMessage(message)),
                ["message-id"] = message.MessageId,
            };
            if (message.SessionId is not null)
            {
                entry["session-id"] = message.SessionId;
            }

            if (message.PartitionKey is not null)
            {
                entry["partition-key"] = message.PartitionKey;
            }

            entries.Add(entry);
        }

        var (_, body) = await _retry.RunAsync(async token =>
        {
            var management = await _scope.GetManagementClientAsync(EntityPath, token).ConfigureAwait(false);
            return await management.RequestAsync(ManagementClient.Schedule, new AmqpMap { ["messages"] = entries }, _retry.Options.TryTimeout,
                _link?.Name, token).ConfigureAwait(false);
        }, EntityPath, cancellationToken).ConfigureAwait(false);
        var numbers = (body?.GetValueOrDefault("sequence-numbers") as AmqpArray)?.Items.Select(Convert.ToInt64).ToArray()
                      ?? throw new ServiceBusException(false, "The broker's schedule reply has no sequence-numbers.", EntityPath);
        ServiceBusDiagnostics.MessagesSent.Add(numbers.Length, new KeyValuePair<string, object?>("messaging.destination.name", EntityPath));
        return numbers;
    }

    public virtual Task CancelScheduledMessageAsync(long sequenceNumber, CancellationToken cancellationToken = default) =>
        CancelScheduledMessagesAsync([sequenceNumber], cancellationToken);

    public virtual Task CancelScheduledMessagesAsync(IEnumerable<long> sequenceNumbers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sequenceNumbers);
        var array = AmqpArray.Of(sequenceNumbers.ToArray());
        return _retry.RunAsync(async token =>
        {
            var management = await _scope.GetManagementClientAsync(EntityPath, token).ConfigureAwait(false);
            await management.RequestAsync(ManagementClient.CancelScheduled, new AmqpMap { ["sequence-numbers"] = array }, _retry.Options.TryTimeout,
                _link?.Name, token).ConfigureAwait(false);
        }, EntityPath, cancellationToken);
    }

    private async Task SendEncodedAsync(IReadOnlyList<byte[]> encoded, ServiceBusMessage first, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        var isBatch = encoded.Count > 1;
        var payload = isBatch
            ? AmqpMessageConverter.Encode(AmqpMessageConverter.CreateBatchEnvelope(encoded, first))
            : encoded[0];
        await _retry.RunAsync(async token =>
        {
            var link = await GetLinkAsync(token).ConfigureAwait(false);
            var limit = MaxMessageSize(link);
            if (payload.Length > limit)
            {
                throw new ServiceBusException(
                    $"The {(isBatch ? $"batch of {encoded.Count} messages" : "message")} is {payload.Length} bytes; the entity accepts at most {limit}.",
                    ServiceBusFailureReason.MessageSizeExceeded, EntityPath);
            }

            var outcome = await link.SendAsync(payload, new SendOptions { MessageFormat = isBatch ? AmqpMessageConverter.BatchedMessageFormat : 0 }, token)
                .ConfigureAwait(false);
            switch (outcome)
            {
                case Accepted:
                    return;
                case Rejected { Error: { } error }:
                    throw AmqpErrorMapping.FromCondition(error.Condition?.Value, error.Description, EntityPath);
                default:
                    throw new ServiceBusException(false, $"The broker did not accept the message (outcome {outcome?.GetType().Name ?? "none"}).", EntityPath);
            }
        }, EntityPath, cancellationToken).ConfigureAwait(false);
        ServiceBusDiagnostics.MessagesSent.Add(encoded.Count, new KeyValuePair<string, object?>("messaging.destination.name", EntityPath));
    }

    private static long MaxMessageSize(SenderLink link) =>
        link.RemoteAttach?.MaxMessageSize is { } size and > 0 and < long.MaxValue ? (long)size : 256 * 1024;

    private async Task<SenderLink> GetLinkAsync(CancellationToken cancellationToken)
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

            _link = await _scope.OpenSenderLinkAsync(EntityPath, _retry.Options.TryTimeout, cancellationToken).ConfigureAwait(false);
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
                await LinkClosing.CloseQuietlyAsync(link, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _linkLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}
