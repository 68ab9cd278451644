using Amqp.Framing;

namespace Amqp;

/// <summary>The part of a link (spec 2.6) shared by both roles: attach, credit counters, detach.</summary>
public abstract class AmqpLink
{
    private readonly TaskCompletionSource _attached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _detached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _detachSent;
    private bool _refused;

    private protected AmqpLink(AmqpSession session, Attach localAttach, AmqpLinkSettings settings)
    {
        Session = session;
        LocalAttach = localAttach;
        Settings = settings;
        LocalHandle = localAttach.Handle!.Value;
    }

    public AmqpSession Session { get; }

    public AmqpLinkSettings Settings { get; }

    public string Name => LocalAttach.Name!;

    public uint LocalHandle { get; }

    /// <summary>The attach we sent.</summary>
    public Attach LocalAttach { get; }

    /// <summary>The attach the peer sent (its terminus, settle modes, max-message-size, properties).</summary>
    public Attach? RemoteAttach { get; private set; }

    public bool IsClosed { get; private set; }

    /// <summary>Why the link closed, if it was not clean.</summary>
    public Error? Error { get; private set; }

    /// <summary>Completes when the link is detached for any reason.</summary>
    public Task Closed => _detached.Task;

    internal uint DeliveryCount { get; set; }

    internal uint LinkCredit { get; set; }

    internal object Sync => Session.Sync;

    private protected AmqpConnection Connection => Session.Connection;

    internal Task WaitAttachedAsync(CancellationToken cancellationToken) => _attached.Task.WaitAsync(cancellationToken);

    internal virtual void OnAttach(Attach attach)
    {
        RemoteAttach = attach;
        // A null terminus on the reply means the peer refuses the link; its detach with the reason follows.
        var refused = LocalAttach.Role == Role.Sender ? attach.Target is null : attach.Source is null;
        if (refused)
        {
            _refused = true;
            return;
        }

        _attached.TrySetResult();
    }

    /// <summary>Called for a link accepted on the server side: the remote attach came first.</summary>
    internal void OnAcceptedAttach(Attach remote)
    {
        RemoteAttach = remote;
        _attached.TrySetResult();
    }

    internal abstract void OnFlow(Flow flow);

    internal virtual void OnDetach(Detach detach)
    {
        if (!_detachSent)
        {
            _detachSent = true;
            Connection.Writer.WriteFrame(FrameType.Amqp, Session.LocalChannel, new Detach { Handle = LocalHandle, Closed = detach.Closed });
        }

        var reason = detach.Error is { } error
            ? new AmqpException(error)
            : new AmqpException(ErrorCondition.DetachForced, _refused ? "The peer refused the link." : "The link was detached.");
        Abort(reason, detach.Error);
    }

    /// <summary>Detaches and closes the link, optionally with an error for the peer.</summary>
    public async Task CloseAsync(Error? error = null, CancellationToken cancellationToken = default)
    {
        lock (Sync)
        {
            SendDetach(error);
        }

        Connection.Writer.Signal();
        try
        {
            await _detached.Task.WaitAsync(Connection.Settings.CloseTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (Sync)
            {
                Abort(new AmqpException(ErrorCondition.DetachForced, "The peer did not answer the detach."));
            }
        }
    }

    /// <summary>Sends detach(closed) under the lock; used by <see cref="CloseAsync"/> and by the server on refusal.</summary>
    internal void SendDetach(Error? error)
    {
        if (_detachSent || IsClosed)
        {
            return;
        }

        _detachSent = true;
        Connection.Writer.WriteFrame(FrameType.Amqp, Session.LocalChannel, new Detach { Handle = LocalHandle, Closed = true, Error = error });
    }

    /// <summary>Closes the link locally with a protocol error and tells the peer (e.g. message-size-exceeded).</summary>
    internal void Fail(AmqpSymbol condition, string description)
    {
        var error = new Error(condition, description);
        SendDetach(error);
        Abort(new AmqpException(error), error);
    }

    internal void Abort(AmqpException reason, Error? error = null)
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        Error = error ?? (reason.Condition == ErrorCondition.DetachForced ? null : reason.Error);
        Session.FreeLocalHandle(this);
        _attached.TrySetException(reason);
        _attached.Task.Exception?.Handle(static _ => true);
        OnAborted(reason);
        _detached.TrySetResult();
    }

    private protected abstract void OnAborted(AmqpException reason);

    private protected void ThrowIfClosed()
    {
        Session.ThrowIfEnded();
        if (IsClosed || _detachSent)
        {
            throw new AmqpException(Error ?? new Error(ErrorCondition.DetachForced, "The link is closed."));
        }
    }
}
