using System.Runtime.InteropServices;
using System.Threading.Channels;
using Amqp.Framing;

namespace Amqp;

/// <summary>
/// The receiving end of a link: grants credit (pre-fetch with automatic refill, or manual), joins multi-frame
/// transfers up to the link's max-message-size, hands out complete deliveries, and settles them in either
/// receiver settle mode.
/// </summary>
public sealed class ReceiverLink : AmqpLink
{
    private readonly Channel<ReceivedDelivery> _deliveries = Channel.CreateUnbounded<ReceivedDelivery>(new UnboundedChannelOptions { SingleWriter = true });
    private AmqpWriter? _partial;
    private uint _partialId;
    private byte[] _partialTag = [];
    private uint _partialFormat;
    private bool _partialSettled;
    private DeliveryState? _partialState;
    private uint _refillTo;
    private TaskCompletionSource? _drain;

    internal ReceiverLink(AmqpSession session, Attach localAttach, AmqpLinkSettings settings) : base(session, localAttach, settings)
    {
        _refillTo = settings.AutoRefillCredit ? settings.Credit : 0;
    }

    /// <summary>Credit we have granted that the sender has not used.</summary>
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

    private ulong MaxMessageSize => Settings.MaxMessageSize == 0 ? ulong.MaxValue : Settings.MaxMessageSize;

    internal override void OnAttach(Attach attach)
    {
        DeliveryCount = attach.InitialDeliveryCount ?? 0;
        base.OnAttach(attach);
        if (attach.Source is not null)
        {
            GrantInitialCredit();
        }
    }

    internal void GrantInitialCredit()
    {
        if (Settings.Credit > 0)
        {
            LinkCredit = Settings.Credit;
            Session.SendFlow(this);
        }
    }

    /// <summary>Waits for the next delivery; null once the link has closed cleanly.</summary>
    public async ValueTask<ReceivedDelivery?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_deliveries.Reader.TryRead(out var delivery))
            {
                return delivery;
            }

            if (!await _deliveries.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }
    }

    /// <summary>Takes a delivery that has already arrived, without waiting.</summary>
    public bool TryReceive(out ReceivedDelivery? delivery) => _deliveries.Reader.TryRead(out delivery);

    /// <summary>Sets the credit the sender may use; with <paramref name="autoRefill"/> it is topped up as deliveries arrive.</summary>
    public void SetCredit(uint credit, bool autoRefill = true)
    {
        lock (Sync)
        {
            ThrowIfClosed();
            LinkCredit = credit;
            _refillTo = autoRefill ? credit : 0;
            Session.SendFlow(this);
        }

        Connection.Writer.Signal();
    }

    /// <summary>
    /// Grants <paramref name="count"/> more credit on top of what is outstanding, atomically with arriving transfers,
    /// so a consumer can issue one credit per message it takes (prefetch bounded by what the application consumed).
    /// </summary>
    public void AddCredit(uint count)
    {
        if (count == 0)
        {
            return;
        }

        lock (Sync)
        {
            ThrowIfClosed();
            LinkCredit = LinkCredit > uint.MaxValue - count ? uint.MaxValue : LinkCredit + count;
            _refillTo = 0;
            Session.SendFlow(this);
        }

        Connection.Writer.Signal();
    }

    /// <summary>Asks the sender to use or return all outstanding credit; completes when it reports zero credit.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        Task wait;
        lock (Sync)
        {
            ThrowIfClosed();
            _refillTo = 0;
            if (LinkCredit == 0 && _drain is null)
            {
                // Nothing to drain; some senders (rhea) do not answer a drain that finds no credit.
                return;
            }

            _drain ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = _drain.Task;
            Session.SendFlow(this, drain: true);
        }

        Connection.Writer.Signal();
        await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    internal override void OnFlow(Flow flow)
    {
        if (flow.DeliveryCount is { } senderCount)
        {
            // Credit the sender consumed without sending (a drain) is gone: recompute from its delivery-count.
            var limit = unchecked(DeliveryCount + LinkCredit);
            var remaining = unchecked(limit - senderCount);
            LinkCredit = remaining > int.MaxValue ? 0 : remaining;
            DeliveryCount = senderCount;
        }

        // A sender that answers a drain with its flow state has finished it once that state leaves no credit, whatever
        // its drain flag says: AMQPNetLite's listener answers drain=false, and when the drain does not raise the limit
        // it drops the unused credit without advancing its delivery-count, reporting link-credit 0. Its word on its
        // own credit stands; anything it sent before arrived ahead of this flow.
        if (_drain is not null && (LinkCredit == 0 || flow.LinkCredit == 0))
        {
            LinkCredit = 0;
            var drain = _drain;
            _drain = null;
            drain?.TrySetResult();
        }

        if (flow.Echo == true)
        {
            Session.SendFlow(this);
        }
    }

    internal void OnTransfer(Transfer transfer, ReadOnlySpan<byte> payload)
    {
        if (IsClosed)
        {
            return;
        }

        if (_partial is null)
        {
            if (transfer.DeliveryId is not { } deliveryId)
            {
                throw new AmqpException(ErrorCondition.InvalidField, "The first transfer of a delivery must carry a delivery-id.");
            }

            if (LinkCredit == 0)
            {
                Fail(ErrorCondition.TransferLimitExceeded, "A transfer arrived without link credit.");
                return;
            }

            LinkCredit--;
            DeliveryCount++;
            _partialId = deliveryId;
            _partialTag = TagArray(transfer.DeliveryTag);
            _partialFormat = transfer.MessageFormat ?? 0;
            _partialSettled = transfer.Settled ?? false;
            _partialState = transfer.State;
            if (transfer.More == true)
            {
                _partial = new AmqpWriter(Math.Max(payload.Length * 2, 1024));
            }
        }

        if (transfer.Aborted == true)
        {
            DiscardPartial();
            RefillCredit();
            return;
        }

        if (_partial is not null)
        {
            if ((ulong)_partial.Length + (ulong)payload.Length > MaxMessageSize)
            {
                DiscardPartial();
                Fail(ErrorCondition.MessageSizeExceeded, $"A message exceeds this link's max-message-size of {MaxMessageSize} bytes.");
                return;
            }

            Connection.ReserveIncoming(payload.Length);
            _partial.WriteRaw(payload);
            if (transfer.More == true)
            {
                return;
            }
        }
        else if ((ulong)payload.Length > MaxMessageSize)
        {
            Fail(ErrorCondition.MessageSizeExceeded, $"A message exceeds this link's max-message-size of {MaxMessageSize} bytes.");
            return;
        }

        var body = _partial is null ? payload.ToArray() : _partial.WrittenSpan.ToArray();
        DiscardPartial();
        var delivery = new ReceivedDelivery(this, _partialId, _partialTag, _partialFormat, _partialSettled, body) { RemoteState = _partialState };
        if (!delivery.IsSettledBySender)
        {
            Session.TrackIncoming(delivery);
        }
        else
        {
            delivery.IsSettled = true;
        }

        _deliveries.Writer.TryWrite(delivery);
        RefillCredit();
    }

    /// <summary>The decoder already copied the tag into its own array; hand that out instead of copying again.</summary>
    private static byte[] TagArray(ReadOnlyMemory<byte>? tag)
    {
        if (tag is not { } memory)
        {
            return [];
        }

        return MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();
    }

    private void DiscardPartial()
    {
        if (_partial is not null)
        {
            Connection.ReleaseIncoming(_partial.Length);
            _partial.Dispose();
            _partial = null;
        }
    }

    private void RefillCredit()
    {
        if (_refillTo > 0 && _drain is null && LinkCredit <= _refillTo / 2)
        {
            LinkCredit = _refillTo;
            Session.SendFlow(this);
        }
    }

    public ValueTask<DeliveryState?> AcceptAsync(ReceivedDelivery delivery, CancellationToken cancellationToken = default) =>
        SettleAsync(delivery, Accepted.Instance, cancellationToken);

    public ValueTask<DeliveryState?> RejectAsync(ReceivedDelivery delivery, Error? error = null, CancellationToken cancellationToken = default) =>
        SettleAsync(delivery, new Rejected { Error = error }, cancellationToken);

    public ValueTask<DeliveryState?> ReleaseAsync(ReceivedDelivery delivery, CancellationToken cancellationToken = default) =>
        SettleAsync(delivery, Released.Instance, cancellationToken);

    public ValueTask<DeliveryState?> ModifyAsync(ReceivedDelivery delivery, bool deliveryFailed, bool undeliverableHere = false, AmqpMap? annotations = null, CancellationToken cancellationToken = default) =>
        SettleAsync(delivery, new Modified { DeliveryFailed = deliveryFailed, UndeliverableHere = undeliverableHere, MessageAnnotations = annotations }, cancellationToken);

    /// <summary>
    /// Reports <paramref name="state"/> for a delivery. With rcv-settle-mode first it settles at once; with second
    /// (peek-lock) it sends the state unsettled and completes with the state the sender settles with.
    /// </summary>
    public ValueTask<DeliveryState?> SettleAsync(ReceivedDelivery delivery, DeliveryState state, CancellationToken cancellationToken = default)
    {
        Task<DeliveryState?>? wait = null;
        lock (Sync)
        {
            if (delivery.IsSettled)
            {
                return new ValueTask<DeliveryState?>(delivery.RemoteState ?? state);
            }

            ThrowIfClosed();
            var second = (RemoteAttach?.RcvSettleMode ?? LocalAttach.RcvSettleMode) == ReceiverSettleMode.Second;
            if (second)
            {
                delivery.Settlement ??= new TaskCompletionSource<DeliveryState?>(TaskCreationOptions.RunContinuationsAsynchronously);
                delivery.LocalState = state;
                wait = delivery.Settlement.Task;
                Session.SendDisposition(Role.Receiver, delivery.DeliveryId, false, state);
            }
            else
            {
                delivery.IsSettled = true;
                Session.ForgetIncoming(delivery);
                Session.SendDisposition(Role.Receiver, delivery.DeliveryId, true, state);
            }
        }

        Connection.Writer.Signal();
        return wait is null ? new ValueTask<DeliveryState?>(state) : new ValueTask<DeliveryState?>(wait.WaitAsync(cancellationToken));
    }

    internal void OnSenderDisposition(ReceivedDelivery delivery, DeliveryState? state, bool settled)
    {
        delivery.RemoteState = state;
        if (settled)
        {
            delivery.IsSettled = true;
            Session.ForgetIncoming(delivery);
            // A sender that settles without a state confirms the outcome we proposed.
            delivery.Settlement?.TrySetResult(state ?? delivery.LocalState);
        }
    }

    private protected override void OnAborted(AmqpException reason)
    {
        DiscardPartial();
        _drain?.TrySetException(reason);
        _drain?.Task.Exception?.Handle(static _ => true);
        _drain = null;
        Session.FailIncoming(this, reason);
        _deliveries.Writer.TryComplete(Error is null ? null : reason);
    }
}
