using System.Collections.Concurrent;

namespace ServiceBus.Transport;

/// <summary>
/// A sender/receiver pair on its own session for a request/response node (<c>$cbs</c>, <c>&lt;entity&gt;/$management</c>):
/// requests go out pre-settled with a message-id and reply-to; replies are matched by correlation-id.
/// </summary>
internal sealed class AmqpRequestResponseLink : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<AmqpMessage>> _pending = new(StringComparer.Ordinal);
    private readonly AmqpSession _session;
    private readonly SenderLink _sender;
    private readonly ReceiverLink _receiver;
    private readonly string _replyTo;
    private readonly Task _receiveLoop;
    private long _nextId;

    private AmqpRequestResponseLink(AmqpSession session, SenderLink sender, ReceiverLink receiver, string replyTo)
    {
        _session = session;
        _sender = sender;
        _receiver = receiver;
        _replyTo = replyTo;
        _receiveLoop = Task.Run(ReceiveRepliesAsync);
    }

    public bool IsClosed => _sender.IsClosed || _receiver.IsClosed || _session.IsEnded || _session.Connection.IsClosed;

    public static async Task<AmqpRequestResponseLink> OpenAsync(AmqpConnection connection, string node, AmqpMap? senderProperties, CancellationToken cancellationToken)
    {
        var session = await connection.BeginSessionAsync(null, cancellationToken).ConfigureAwait(false);
        try
        {
            var linkName = Guid.NewGuid().ToString("N");
            var replyTo = Guid.NewGuid().ToString("N");
            var sender = await session.AttachSenderAsync(new AmqpLinkSettings
            {
                Name = linkName + ":sender",
                Source = new Source { Address = linkName },
                Target = new Target { Address = node },
                SenderSettleMode = SenderSettleMode.Settled,
                Properties = senderProperties,
            }, cancellationToken).ConfigureAwait(false);
            var receiver = await session.AttachReceiverAsync(new AmqpLinkSettings
            {
                Name = linkName + ":receiver",
                Source = new Source { Address = node },
                Target = new Target { Address = replyTo },
                SenderSettleMode = SenderSettleMode.Settled,
                Credit = 50,
            }, cancellationToken).ConfigureAwait(false);
            return new AmqpRequestResponseLink(session, sender, receiver, replyTo);
        }
        catch
        {
            await session.EndAsync(null, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends <paramref name="request"/> (its properties are filled in here) and waits for the matching reply.</summary>
    public async Task<AmqpMessage> RequestAsync(AmqpMessage request, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.Properties ??= new Properties();
        request.Properties.MessageId = id;
        request.Properties.ReplyTo = _replyTo;
        var reply = new TaskCompletionSource<AmqpMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        try
        {
            if (_receiveLoop.IsCompleted)
            {
                // The reply link is gone, so no answer can come; fail now rather than at the try timeout.
                throw new AmqpException(ErrorCondition.DetachForced, "The request/response link closed.");
            }

            await _sender.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task ReceiveRepliesAsync()
    {
        Exception? failure = null;
        try
        {
            while (await _receiver.ReceiveAsync().ConfigureAwait(false) is { } delivery)
            {
                var message = delivery.GetMessage();
                if (!delivery.IsSettled)
                {
                    await _receiver.AcceptAsync(delivery).ConfigureAwait(false);
                }

                if (message.Properties?.CorrelationId is { } correlation &&
                    _pending.TryGetValue(correlation.ToString()!, out var waiting))
                {
                    waiting.TrySetResult(message);
                }
            }
        }
        catch (Exception exception)
        {
            failure = exception;
        }

        // The link is gone: nobody will answer the requests still waiting.
        var reason = failure ?? new AmqpException(ErrorCondition.DetachForced, "The request/response link closed.");
        foreach (var waiting in _pending.Values)
        {
            waiting.TrySetException(reason);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_session.Connection.IsClosed)
            {
                await _sender.CloseAsync().ConfigureAwait(false);
                await _receiver.CloseAsync().ConfigureAwait(false);
                await _session.EndAsync().ConfigureAwait(false);
            }
        }
        catch (AmqpException)
        {
            // Closing a link the broker already dropped: nothing left to release.
        }

        await _receiveLoop.ConfigureAwait(false);
    }
}
