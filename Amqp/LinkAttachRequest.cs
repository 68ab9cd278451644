using Amqp.Framing;

namespace Amqp;

/// <summary>
/// A peer's attach waiting for the server's answer. The handler may answer at once or later from any thread:
/// <see cref="Accept"/> with the prefilled <see cref="Reply"/> (edit it first: max-message-size, properties, the
/// source filter …), or <see cref="Refuse"/> with an error (null terminus followed by detach, as the spec requires).
/// </summary>
public sealed class LinkAttachRequest
{
    private bool _answered;

    internal LinkAttachRequest(AmqpSession session, Attach remote)
    {
        Session = session;
        Remote = remote;
        var weSend = remote.Role == Role.Receiver;
        Reply = new Attach
        {
            Name = remote.Name,
            Role = weSend ? Role.Sender : Role.Receiver,
            SndSettleMode = remote.SndSettleMode,
            RcvSettleMode = remote.RcvSettleMode,
            Source = remote.Source,
            Target = remote.Target,
            UnknownTarget = remote.UnknownTarget,
            InitialDeliveryCount = weSend ? 0u : null,
            MaxMessageSize = Settings.MaxMessageSize,
        };
    }

    public AmqpSession Session { get; }

    /// <summary>The attach the peer sent.</summary>
    public Attach Remote { get; }

    /// <summary>The attach we will send back; the handle is assigned on answer.</summary>
    public Attach Reply { get; }

    /// <summary>Local behaviour of the accepted link (initial credit for a receiving link, max message size we enforce).</summary>
    public AmqpLinkSettings Settings { get; } = new();

    /// <summary>True when the peer detached before we answered; answering then throws.</summary>
    public bool IsWithdrawn { get; private set; }

    /// <summary>True when the peer attached as a receiver, i.e. we will send.</summary>
    public bool IsSenderRequest => Remote.Role == Role.Receiver;

    /// <summary>Accepts: sends <see cref="Reply"/> and returns our end (a <see cref="SenderLink"/> or a <see cref="ReceiverLink"/>).</summary>
    public AmqpLink Accept()
    {
        AmqpLink link;
        lock (Session.Sync)
        {
            link = Answer();
            link.OnAcceptedAttach(Remote);
            if (link is ReceiverLink receiver)
            {
                receiver.GrantInitialCredit();
            }
        }

        Session.Connection.Writer.Signal();
        return link;
    }

    /// <summary>Refuses: replies with a null terminus, then detaches with <paramref name="error"/>.</summary>
    public void Refuse(Error error)
    {
        lock (Session.Sync)
        {
            if (IsSenderRequest)
            {
                Reply.Source = null;
            }
            else
            {
                Reply.Target = null;
                Reply.UnknownTarget = null;
            }

            var link = Answer();
            link.SendDetach(error);
        }

        Session.Connection.Writer.Signal();
    }

    private AmqpLink Answer()
    {
        if (IsWithdrawn)
        {
            throw new AmqpException(ErrorCondition.DetachForced, $"The peer detached link '{Remote.Name}' before it was answered.");
        }

        if (_answered)
        {
            throw new InvalidOperationException("This attach has already been answered.");
        }

        _answered = true;
        Session.Answered(this);
        Session.ThrowIfEnded();
        Reply.Handle = Session.AllocateHandle();
        if (Reply.MaxMessageSize == 0)
        {
            Reply.MaxMessageSize = null;
        }

        AmqpLink link = IsSenderRequest ? new SenderLink(Session, Reply, Settings) : new ReceiverLink(Session, Reply, Settings);
        if (link is ReceiverLink)
        {
            // Our receiving end counts deliveries from the peer's initial delivery-count.
            SetDeliveryCount(link, Remote.InitialDeliveryCount ?? 0);
        }

        Session.RegisterLocal(link);
        Session.RegisterRemote(Remote.Handle!.Value, link);
        Session.Connection.Writer.WriteFrame(FrameType.Amqp, Session.LocalChannel, Reply);
        return link;
    }

    /// <summary>Under the lock: the peer detached first. Spec 2.6.3 wants an attach before our detach, so send a refusal pair.</summary>
    internal void Withdraw()
    {
        if (_answered)
        {
            return;
        }

        _answered = true;
        IsWithdrawn = true;
        Session.Answered(this);
        if (IsSenderRequest)
        {
            Reply.Source = null;
        }
        else
        {
            Reply.Target = null;
        }

        Reply.Handle = Session.AllocateHandle();
        var writer = Session.Connection.Writer;
        writer.WriteFrame(FrameType.Amqp, Session.LocalChannel, Reply);
        writer.WriteFrame(FrameType.Amqp, Session.LocalChannel, new Detach { Handle = Reply.Handle, Closed = true });
    }

    private static void SetDeliveryCount(AmqpLink link, uint count) => link.DeliveryCount = count;
}
