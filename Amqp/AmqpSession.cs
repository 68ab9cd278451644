using Amqp.Framing;

namespace Amqp;

/// <summary>
/// A session (spec 2.5.5): maps link handles, numbers transfers and deliveries, and enforces the incoming window
/// while respecting the peer's. All state changes happen under the connection's lock.
/// </summary>
public sealed class AmqpSession
{
    private readonly TaskCompletionSource _begun = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<uint, AmqpLink> _localHandles = new();
    private readonly Dictionary<uint, AmqpLink> _remoteHandles = new();
    private readonly Dictionary<string, AmqpLink> _attaching = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, LinkAttachRequest> _unanswered = new();
    private readonly Dictionary<uint, SentDelivery> _outgoingUnsettled = new();
    private readonly Dictionary<uint, ReceivedDelivery> _incomingUnsettled = new();
    private readonly Flow _flow = new();
    private readonly Disposition _dispositionOut = new();
    private bool _endSent;

    internal AmqpSession(AmqpConnection connection, ushort localChannel, AmqpSessionSettings settings)
    {
        Connection = connection;
        LocalChannel = localChannel;
        Settings = settings;
        IncomingWindow = settings.IncomingWindow;
    }

    public AmqpConnection Connection { get; }

    public AmqpSessionSettings Settings { get; }

    public ushort LocalChannel { get; }

    public ushort? RemoteChannel { get; private set; }

    public Begin? RemoteBegin { get; private set; }

    public bool IsEnded { get; private set; }

    /// <summary>Completes when the session has ended, by either side or with its connection.</summary>
    public Task Ended => _ended.Task;

    /// <summary>Why the session ended, if it was not clean.</summary>
    public Error? Error { get; private set; }

    internal uint NextOutgoingId { get; set; }

    internal uint NextDeliveryId { get; set; }

    internal uint RemoteIncomingWindow { get; set; }

    internal uint NextIncomingId { get; private set; }

    internal uint IncomingWindow { get; private set; }

    internal object Sync => Connection.Sync;

    internal Task WaitBegunAsync(CancellationToken cancellationToken) => _begun.Task.WaitAsync(cancellationToken);

    internal void SendBegin(ushort? remoteChannel)
    {
        Connection.Writer.WriteFrame(FrameType.Amqp, LocalChannel, new Begin
        {
            RemoteChannel = remoteChannel,
            NextOutgoingId = NextOutgoingId,
            IncomingWindow = Settings.IncomingWindow,
            OutgoingWindow = Settings.OutgoingWindow,
            HandleMax = Settings.HandleMax,
            Properties = Settings.Properties,
        });
    }

    internal void OnBegin(ushort remoteChannel, Begin begin)
    {
        RemoteChannel = remoteChannel;
        RemoteBegin = begin;
        NextIncomingId = begin.NextOutgoingId!.Value;
        RemoteIncomingWindow = begin.IncomingWindow!.Value;
        _begun.TrySetResult();
    }

    /// <summary>Attaches a link on which we send; fails with the peer's error if it refuses.</summary>
    public async Task<SenderLink> AttachSenderAsync(AmqpLinkSettings settings, CancellationToken cancellationToken) =>
        (SenderLink)await AttachAsync(settings, Role.Sender, cancellationToken).ConfigureAwait(false);

    /// <summary>Attaches a link on which we receive; credit is granted per <see cref="AmqpLinkSettings.Credit"/>.</summary>
    public async Task<ReceiverLink> AttachReceiverAsync(AmqpLinkSettings settings, CancellationToken cancellationToken) =>
        (ReceiverLink)await AttachAsync(settings, Role.Receiver, cancellationToken).ConfigureAwait(false);

    private async Task<AmqpLink> AttachAsync(AmqpLinkSettings settings, Role role, CancellationToken cancellationToken)
    {
        AmqpLink link;
        lock (Sync)
        {
            ThrowIfEnded();
            var attach = new Attach
            {
                Name = settings.Name ?? Guid.NewGuid().ToString(),
                Handle = AllocateHandle(),
                Role = role,
                SndSettleMode = settings.SenderSettleMode,
                RcvSettleMode = settings.ReceiverSettleMode,
                Source = settings.Source,
                Target = settings.Target,
                InitialDeliveryCount = role == Role.Sender ? 0u : null,
                MaxMessageSize = settings.MaxMessageSize == 0 ? null : settings.MaxMessageSize,
                OfferedCapabilities = settings.OfferedCapabilities,
                DesiredCapabilities = settings.DesiredCapabilities,
                Properties = settings.Properties,
            };
            link = role == Role.Sender ? new SenderLink(this, attach, settings) : new ReceiverLink(this, attach, settings);
            _localHandles[attach.Handle!.Value] = link;
            _attaching[attach.Name] = link;
            Connection.Writer.WriteFrame(FrameType.Amqp, LocalChannel, attach);
        }

        Connection.Writer.Signal();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.AttachTimeout);
        try
        {
            await link.WaitAttachedAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Withdraw the attach so the peer does not keep a half-open link (it answers with attach + detach).
            lock (Sync)
            {
                link.SendDetach(null);
            }

            Connection.Writer.Signal();
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException($"The peer did not answer the attach of link '{link.Name}' within {settings.AttachTimeout}.");
        }

        return link;
    }

    internal uint AllocateHandle()
    {
        var max = Math.Min(Settings.HandleMax, RemoteBegin?.HandleMax ?? uint.MaxValue);
        for (uint handle = 0; handle <= max; handle++)
        {
            if (!_localHandles.ContainsKey(handle))
            {
                return handle;
            }
        }

        throw new AmqpException(ErrorCondition.ResourceLimitExceeded, "No link handle is free.");
    }

    internal void RegisterLocal(AmqpLink link) => _localHandles[link.LocalHandle] = link;

    internal void RegisterRemote(uint handle, AmqpLink link) => _remoteHandles[handle] = link;

    internal void OnAttach(Attach attach)
    {
        var handle = attach.Handle!.Value;
        if (handle > Settings.HandleMax)
        {
            throw new AmqpException(ErrorCondition.FramingError, $"Handle {handle} exceeds handle-max {Settings.HandleMax}.");
        }

        if (_remoteHandles.ContainsKey(handle) || _unanswered.ContainsKey(handle))
        {
            throw new AmqpException(ErrorCondition.HandleInUse, $"Handle {handle} is already attached.");
        }

        if (_attaching.Remove(attach.Name!, out var link))
        {
            _remoteHandles[handle] = link;
            link.OnAttach(attach);
            return;
        }

        var request = new LinkAttachRequest(this, attach);
        _unanswered[handle] = request;
        if (Connection.ServerSettings?.LinkAttaching is { } handler)
        {
            handler(request);
        }
        else
        {
            request.Accept();
        }
    }

    /// <summary>Under the lock: the request was answered (or withdrawn), so its handle now maps to a link or to nothing.</summary>
    internal void Answered(LinkAttachRequest request) => _unanswered.Remove(request.Remote.Handle!.Value);

    internal void OnDetach(Detach detach)
    {
        if (_unanswered.TryGetValue(detach.Handle!.Value, out var request))
        {
            // The peer gave up before the server answered (e.g. a client-side attach time-out).
            request.Withdraw();
            return;
        }

        var link = GetLink(detach.Handle!.Value);
        _remoteHandles.Remove(detach.Handle!.Value);
        link.OnDetach(detach);
    }

    internal void FreeLocalHandle(AmqpLink link)
    {
        if (_localHandles.TryGetValue(link.LocalHandle, out var current) && current == link)
        {
            _localHandles.Remove(link.LocalHandle);
        }
    }

    private AmqpLink GetLink(uint handle) =>
        _remoteHandles.TryGetValue(handle, out var link)
            ? link
            : throw new AmqpException(ErrorCondition.UnattachedHandle, $"Handle {handle} is not attached.");

    internal void OnTransfer(Transfer transfer, ReadOnlySpan<byte> payload)
    {
        if (IncomingWindow == 0)
        {
            throw new AmqpException(ErrorCondition.WindowViolation, "A transfer arrived while the incoming window was closed.");
        }

        IncomingWindow--;
        NextIncomingId++;
        var link = GetLink(transfer.Handle!.Value) as ReceiverLink
            ?? throw new AmqpException(ErrorCondition.IllegalState, "A transfer arrived on a sending link.");
        link.OnTransfer(transfer, payload);
        if (IncomingWindow <= Settings.IncomingWindow / 2)
        {
            IncomingWindow = Settings.IncomingWindow;
            SendFlow(null);
        }
    }

    internal void TrackIncoming(ReceivedDelivery delivery)
    {
        if (!_incomingUnsettled.TryAdd(delivery.DeliveryId, delivery))
        {
            throw new AmqpException(ErrorCondition.IllegalState, $"Delivery id {delivery.DeliveryId} is already unsettled.");
        }
    }

    internal void ForgetIncoming(ReceivedDelivery delivery) => _incomingUnsettled.Remove(delivery.DeliveryId);

    internal void TrackOutgoing(SentDelivery delivery) => _outgoingUnsettled[delivery.DeliveryId] = delivery;

    internal void ForgetOutgoing(SentDelivery delivery) => _outgoingUnsettled.Remove(delivery.DeliveryId);

    internal void FailOutgoing(SenderLink link, AmqpException reason)
    {
        foreach (var delivery in _outgoingUnsettled.Values.ToArray())
        {
            if (delivery.Link == link)
            {
                _outgoingUnsettled.Remove(delivery.DeliveryId);
                delivery.Completion.TrySetException(reason);
                delivery.Completion.Task.Exception?.Handle(static _ => true);
            }
        }
    }

    internal void FailIncoming(ReceiverLink link, AmqpException reason)
    {
        foreach (var delivery in _incomingUnsettled.Values.ToArray())
        {
            if (delivery.Link == link)
            {
                _incomingUnsettled.Remove(delivery.DeliveryId);
                delivery.Settlement?.TrySetException(reason);
                delivery.Settlement?.Task.Exception?.Handle(static _ => true);
            }
        }
    }

    internal void OnFlow(Flow flow)
    {
        // The peer's window, measured from the transfer id it expects next (spec 2.5.6).
        var nextIncoming = flow.NextIncomingId ?? 0;
        RemoteIncomingWindow = unchecked(nextIncoming + flow.IncomingWindow!.Value - NextOutgoingId);
        if (flow.Handle is { } handle)
        {
            GetLink(handle).OnFlow(flow);
        }
        else if (flow.Echo == true)
        {
            SendFlow(null);
        }

        PumpSenders();
    }

    /// <summary>Lets queued sends go out after the window or the write buffer opened up.</summary>
    internal void PumpSenders()
    {
        foreach (var link in _localHandles.Values)
        {
            if (link is SenderLink sender)
            {
                sender.PumpQueue();
            }
        }
    }

    /// <summary>Writes a flow with the session's state, and the link's when given.</summary>
    internal void SendFlow(AmqpLink? link, bool? drain = null, bool? echo = null)
    {
        var flow = _flow;
        flow.Clear();
        flow.NextIncomingId = RemoteChannel is null ? null : NextIncomingId;
        flow.IncomingWindow = IncomingWindow;
        flow.NextOutgoingId = NextOutgoingId;
        flow.OutgoingWindow = Settings.OutgoingWindow;
        if (link is not null)
        {
            flow.Handle = link.LocalHandle;
            flow.DeliveryCount = link.DeliveryCount;
            flow.LinkCredit = link.LinkCredit;
            flow.Drain = drain;
            flow.Echo = echo;
        }

        Connection.Writer.WriteFrame(FrameType.Amqp, LocalChannel, flow);
    }

    internal void OnDisposition(Disposition disposition)
    {
        var first = disposition.First!.Value;
        var last = disposition.Last ?? first;
        var settled = disposition.Settled ?? false;
        if (disposition.Role == Role.Receiver)
        {
            // About deliveries we sent. Walk whichever is smaller: the range or our unsettled set.
            if (unchecked(last - first) < (uint)_outgoingUnsettled.Count)
            {
                for (var id = first; ; id++)
                {
                    if (_outgoingUnsettled.TryGetValue(id, out var delivery))
                    {
                        delivery.Link.OnDisposition(delivery, disposition.State, settled);
                    }

                    if (id == last)
                    {
                        break;
                    }
                }
            }
            else
            {
                foreach (var delivery in _outgoingUnsettled.Values.ToArray())
                {
                    if (InRange(delivery.DeliveryId, first, last))
                    {
                        delivery.Link.OnDisposition(delivery, disposition.State, settled);
                    }
                }
            }
        }
        else
        {
            foreach (var delivery in _incomingUnsettled.Values.ToArray())
            {
                if (InRange(delivery.DeliveryId, first, last))
                {
                    delivery.Link.OnSenderDisposition(delivery, disposition.State, settled);
                }
            }
        }
    }

    private static bool InRange(uint id, uint first, uint last) => unchecked(id - first) <= unchecked(last - first);

    internal void SendDisposition(Role role, uint id, bool settled, DeliveryState? state)
    {
        // Encoded at once under the lock, so one instance per session serves every disposition.
        var disposition = _dispositionOut;
        disposition.Clear();
        disposition.Role = role;
        disposition.First = id;
        disposition.Settled = settled;
        disposition.State = state;
        Connection.Writer.WriteFrame(FrameType.Amqp, LocalChannel, disposition);
        disposition.State = null;
    }

    /// <summary>Ends the session (detaching nothing explicitly: the peer detaches its links on end).</summary>
    public async Task EndAsync(Error? error = null, CancellationToken cancellationToken = default)
    {
        lock (Sync)
        {
            if (!_endSent && !IsEnded)
            {
                _endSent = true;
                Connection.Writer.WriteFrame(FrameType.Amqp, LocalChannel, new End { Error = error });
            }
        }

        Connection.Writer.Signal();
        await _ended.Task.WaitAsync(Connection.Settings.CloseTimeout, cancellationToken).ConfigureAwait(false);
    }

    internal void OnEnd(End end)
    {
        if (!_endSent)
        {
            _endSent = true;
            Connection.Writer.WriteFrame(FrameType.Amqp, LocalChannel, new End());
        }

        Abort(end.Error is { } error ? new AmqpException(error) : new AmqpException(ErrorCondition.IllegalState, "The session ended."));
        Error = end.Error;
        Connection.ReleaseChannel(this);
    }

    internal void Abort(AmqpException reason)
    {
        if (IsEnded)
        {
            return;
        }

        IsEnded = true;
        Error ??= reason.Error;
        foreach (var link in _localHandles.Values.ToArray())
        {
            link.Abort(reason);
        }

        foreach (var link in _attaching.Values.ToArray())
        {
            link.Abort(reason);
        }

        _begun.TrySetException(reason);
        _ended.TrySetResult();
    }

    internal void ThrowIfEnded()
    {
        Connection.ThrowIfClosed();
        if (IsEnded || _endSent)
        {
            throw new AmqpException(Error ?? new Error(ErrorCondition.IllegalState, "The session has ended."));
        }
    }
}
