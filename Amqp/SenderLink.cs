using System.Buffers.Binary;
using Amqp.Framing;
using Amqp.Messaging;

namespace Amqp;

/// <summary>
/// The sending end of a link: sends transfers while the peer grants credit and the session window allows, splits
/// messages larger than the peer's max-frame-size, and completes each unsettled send with the receiver's outcome.
/// </summary>
public sealed class SenderLink : AmqpLink
{
    [ThreadStatic]
    private static AmqpWriter? t_encoder;

    private readonly Transfer _transfer = new();
    private readonly byte[] _tagBuffer = new byte[4];
    private readonly Queue<PendingSend> _queue = new();
    private AmqpWriter? _pumpEncoder;
    private uint _nextTag;

    internal SenderLink(AmqpSession session, Attach localAttach, AmqpLinkSettings settings) : base(session, localAttach, settings)
    {
    }

    /// <summary>Credit the receiver has granted and we have not used.</summary>
    public uint Credit
    {
        get
        {
            lock (Sync)
            {
                return LinkCredit;
            }
        }
    }

    /// <summary>True while the receiver asked us to drain: use the credit now or give it back.</summary>
    public bool DrainRequested { get; private set; }

    /// <summary>
    /// When true (the default), a drain request is answered at once unless sends are waiting for credit: the
    /// delivery-count advances by the unused credit and a flow with drain=true reports zero credit.
    /// Set it to false to answer with <see cref="CompleteDrain"/> yourself.
    /// </summary>
    public bool AutoCompleteDrain { get; set; } = true;

    /// <summary>Runs on the connection's reader loop after each flow from the receiver; must not block.</summary>
    public Action<SenderLink>? FlowReceived { get; set; }

    /// <summary>
    /// Runs on the reader loop when the receiver reports a state without settling (rcv-settle-mode second). Call
    /// <see cref="Settle"/> to answer. Without a handler the link settles with the receiver's state itself.
    /// </summary>
    public Action<SentDelivery, DeliveryState?>? DispositionReceived { get; set; }

    private bool SendsSettled(SendOptions? options) => LocalAttach.SndSettleMode switch
    {
        SenderSettleMode.Settled => true,
        SenderSettleMode.Unsettled => false,
        _ => options?.Settled ?? false,
    };

    /// <summary>
    /// Sends a message; completes when it is written (settled) or with the receiver's outcome (unsettled). A message
    /// that has to wait for credit is encoded when it leaves the queue: do not change it until the send completes.
    /// </summary>
    public ValueTask<DeliveryState?> SendAsync(AmqpMessage message, CancellationToken cancellationToken = default) =>
        SendAsync(message, null, cancellationToken);

    public ValueTask<DeliveryState?> SendAsync(AmqpMessage message, SendOptions? options, CancellationToken cancellationToken = default)
    {
        var settled = SendsSettled(options);
        SentDelivery? delivery = null;
        PendingSend? pending = null;
        lock (Sync)
        {
            if (_queue.Count == 0 && LinkCredit > 0 && !Connection.Writer.IsAboveHighWater)
            {
                var encoder = t_encoder ??= new AmqpWriter(4096);
                encoder.Reset();
                message.Encode(encoder);
                if (!TrySend(encoder.WrittenSpan, options, settled, null, out delivery))
                {
                    pending = Enqueue(message, default, options, settled);
                }
            }
            else
            {
                ThrowIfClosed();
                // Queued messages are encoded when they leave the queue, so waiting costs no copy of the body.
                pending = Enqueue(message, default, options, settled);
            }
        }

        return Complete(delivery, pending, cancellationToken);
    }

    /// <summary>Sends an already encoded message (e.g. a stored payload, or a 0x80013700 batch).</summary>
    public ValueTask<DeliveryState?> SendAsync(ReadOnlyMemory<byte> payload, SendOptions? options = null, CancellationToken cancellationToken = default)
    {
        var settled = SendsSettled(options);
        SentDelivery? delivery = null;
        PendingSend? pending = null;
        lock (Sync)
        {
            if (_queue.Count > 0 || !TrySend(payload.Span, options, settled, null, out delivery))
            {
                // Keep per-link order: once one send waits, later ones queue behind it.
                pending = Enqueue(null, payload, options, settled);
            }
        }

        return Complete(delivery, pending, cancellationToken);
    }

    private PendingSend Enqueue(AmqpMessage? message, ReadOnlyMemory<byte> payload, SendOptions? options, bool settled)
    {
        var pending = new PendingSend(message, payload, options, settled);
        _queue.Enqueue(pending);
        return pending;
    }

    private ValueTask<DeliveryState?> Complete(SentDelivery? delivery, PendingSend? pending, CancellationToken cancellationToken)
    {
        if (pending is not null)
        {
            return new ValueTask<DeliveryState?>(cancellationToken.CanBeCanceled ? pending.Task.WaitAsync(cancellationToken) : pending.Task);
        }

        Connection.Writer.Signal();
        if (delivery is null)
        {
            return new ValueTask<DeliveryState?>((DeliveryState?)null);
        }

        return new ValueTask<DeliveryState?>(cancellationToken.CanBeCanceled ? delivery.Completion.Task.WaitAsync(cancellationToken) : delivery.Completion.Task);
    }

    /// <summary>Under the lock: sends queued messages while credit, window and buffer allow.</summary>
    internal void PumpQueue()
    {
        while (_queue.Count > 0 && !IsClosed && !Session.IsEnded && !Connection.IsClosed)
        {
            var next = _queue.Peek();
            ReadOnlySpan<byte> payload;
            if (next.Message is { } message)
            {
                if (LinkCredit == 0 || Connection.Writer.IsAboveHighWater)
                {
                    return;
                }

                var encoder = _pumpEncoder ??= new AmqpWriter(4096);
                encoder.Reset();
                try
                {
                    message.Encode(encoder);
                }
                catch (ArgumentException exception)
                {
                    // A value with no AMQP encoding fails its own send, not the connection's reader loop.
                    _queue.Dequeue();
                    next.TrySetException(exception);
                    continue;
                }

                payload = encoder.WrittenSpan;
            }
            else
            {
                payload = next.Payload.Span;
            }

            if (!TrySend(payload, next.Options, next.Settled, next, out _))
            {
                return;
            }

            _queue.Dequeue();
            if (next.Settled)
            {
                next.TrySetResult(null);
            }
        }
    }

    /// <summary>A queued send waiting for credit, session window or buffer space; completes with its outcome.</summary>
    private sealed class PendingSend(AmqpMessage? message, ReadOnlyMemory<byte> payload, SendOptions? options, bool settled)
        : TaskCompletionSource<DeliveryState?>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public AmqpMessage? Message { get; } = message;

        public ReadOnlyMemory<byte> Payload { get; } = payload;

        public SendOptions? Options { get; } = options;

        public bool Settled { get; } = settled;
    }

    private int FramesFor(int payloadLength)
    {
        var room = (int)Math.Min(Connection.RemoteMaxFrameSize, int.MaxValue) - 64;
        return payloadLength <= room ? 1 : (payloadLength + room - 1) / room + 1;
    }

    /// <summary>Under the lock: sends now if credit, window and buffer allow.</summary>
    private bool TrySend(ReadOnlySpan<byte> payload, SendOptions? options, bool settled, TaskCompletionSource<DeliveryState?>? completion, out SentDelivery? delivery)
    {
        delivery = null;
        ThrowIfClosed();
        var frames = FramesFor(payload.Length);
        if (LinkCredit == 0 || Session.RemoteIncomingWindow < frames || Connection.Writer.IsAboveHighWater)
        {
            return false;
        }

        var deliveryId = Session.NextDeliveryId++;
        LinkCredit--;
        DeliveryCount++;
        ReadOnlyMemory<byte> tag;
        if (options?.DeliveryTag is { } chosen)
        {
            tag = chosen;
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_tagBuffer, _nextTag++);
            tag = _tagBuffer;
        }

        if (!settled)
        {
            delivery = new SentDelivery(this, deliveryId, tag.ToArray(), completion);
            Session.TrackOutgoing(delivery);
        }

        WriteTransfers(payload, deliveryId, tag, options?.MessageFormat ?? 0, settled);
        if (DrainRequested && LinkCredit == 0)
        {
            DrainRequested = false;
            Session.SendFlow(this, drain: true);
        }

        return true;
    }

    private void WriteTransfers(ReadOnlySpan<byte> payload, uint deliveryId, ReadOnlyMemory<byte> tag, uint messageFormat, bool settled)
    {
        var writer = Connection.Writer;
        var buffer = writer.Pending;
        var maxFrame = (int)Math.Min(Connection.RemoteMaxFrameSize, int.MaxValue);
        var transfer = _transfer;
        transfer.Clear();
        transfer.Handle = LocalHandle;
        transfer.DeliveryId = deliveryId;
        transfer.DeliveryTag = tag;
        transfer.MessageFormat = messageFormat;
        transfer.Settled = settled;

        var start = writer.BeginFrame();
        transfer.Encode(buffer);
        if (buffer.Length - start + payload.Length <= maxFrame)
        {
            buffer.WriteRaw(payload);
            writer.EndFrame(start, FrameType.Amqp, Session.LocalChannel);
            Session.NextOutgoingId++;
            Session.RemoteIncomingWindow--;
            return;
        }

        buffer.Truncate(start + 8);
        transfer.More = true;
        while (true)
        {
            transfer.Encode(buffer);
            var room = maxFrame - (buffer.Length - start);
            if (room <= 0)
            {
                throw new AmqpException(ErrorCondition.FrameSizeTooSmall, $"A transfer does not fit the peer's max-frame-size {maxFrame}.");
            }

            var last = payload.Length <= room;
            if (last)
            {
                // Re-encode without more=true for the final frame.
                buffer.Truncate(start + 8);
                transfer.More = null;
                transfer.Encode(buffer);
            }

            var chunk = Math.Min(room, payload.Length);
            buffer.WriteRaw(payload[..chunk]);
            writer.EndFrame(start, FrameType.Amqp, Session.LocalChannel);
            Session.NextOutgoingId++;
            Session.RemoteIncomingWindow--;
            payload = payload[chunk..];
            if (last)
            {
                return;
            }

            // Continuation frames carry only the handle and the more flag.
            transfer.Clear();
            transfer.Handle = LocalHandle;
            transfer.More = true;
            start = writer.BeginFrame();
        }
    }

    internal override void OnFlow(Flow flow)
    {
        if (flow.LinkCredit is { } linkCredit)
        {
            // Credit is relative to the receiver's view of delivery-count (spec 2.6.7).
            var remoteCount = flow.DeliveryCount ?? LocalAttach.InitialDeliveryCount ?? 0;
            var credit = unchecked(remoteCount + linkCredit - DeliveryCount);
            LinkCredit = credit > int.MaxValue ? 0 : credit;
        }

        DrainRequested = flow.Drain ?? false;
        PumpQueue();
        FlowReceived?.Invoke(this);
        if (flow.Echo == true)
        {
            Session.SendFlow(this);
        }

        // With no credit left there is nothing to give back, but the receiver still waits for our flow.
        if (DrainRequested && (LinkCredit == 0 || (AutoCompleteDrain && _queue.Count == 0)))
        {
            CompleteDrainLocked();
        }
    }

    /// <summary>Answers a drain request: gives back the unused credit (delivery-count advances, credit 0, drain=true).</summary>
    public void CompleteDrain()
    {
        lock (Sync)
        {
            CompleteDrainLocked();
        }

        Connection.Writer.Signal();
    }

    private void CompleteDrainLocked()
    {
        if (IsClosed)
        {
            return;
        }

        DeliveryCount = unchecked(DeliveryCount + LinkCredit);
        LinkCredit = 0;
        DrainRequested = false;
        Session.SendFlow(this, drain: true);
    }

    internal void OnDisposition(SentDelivery delivery, DeliveryState? state, bool settled)
    {
        delivery.RemoteState = state;
        if (settled)
        {
            delivery.IsSettled = true;
            Session.ForgetOutgoing(delivery);
            delivery.Completion.TrySetResult(state);
        }
        else if (DispositionReceived is { } handler)
        {
            handler(delivery, state);
        }
        else if (state is Outcome)
        {
            SettleLocked(delivery, state);
        }
    }

    /// <summary>Settles a delivery the receiver reported on (answers rcv-settle-mode second) with our final state.</summary>
    public void Settle(SentDelivery delivery, DeliveryState? state)
    {
        lock (Sync)
        {
            SettleLocked(delivery, state);
        }

        Connection.Writer.Signal();
    }

    private void SettleLocked(SentDelivery delivery, DeliveryState? state)
    {
        if (delivery.IsSettled || IsClosed)
        {
            return;
        }

        delivery.IsSettled = true;
        Session.ForgetOutgoing(delivery);
        Session.SendDisposition(Role.Sender, delivery.DeliveryId, true, state);
        delivery.Completion.TrySetResult(state);
    }

    private protected override void OnAborted(AmqpException reason)
    {
        while (_queue.TryDequeue(out var pending))
        {
            pending.TrySetException(reason);
            pending.Task.Exception?.Handle(static _ => true);
        }
        Session.FailOutgoing(this, reason);
    }
}
