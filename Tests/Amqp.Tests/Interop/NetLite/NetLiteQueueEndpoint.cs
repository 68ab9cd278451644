extern alias NetLite;
using LiteDispositionContext = NetLite::Amqp.Listener.DispositionContext;
using LiteFlowContext = NetLite::Amqp.Listener.FlowContext;
using LiteLinkEndpoint = NetLite::Amqp.Listener.LinkEndpoint;
using LiteListenerLink = NetLite::Amqp.Listener.ListenerLink;
using LiteMessage = NetLite::Amqp.Message;
using LiteMessageContext = NetLite::Amqp.Listener.MessageContext;

namespace Amqp.Tests.Interop.NetLite;

/// <summary>
/// One link of <see cref="NetLiteBroker"/>: a receiving link queues what arrives and answers with the address's
/// outcome; a sending link hands queued messages out as credit allows, answers drain, records outcomes.
/// </summary>
internal sealed class NetLiteQueueEndpoint : LiteLinkEndpoint
{
    private readonly LiteListenerLink _link;
    private readonly NetLiteQueue _queue;
    private readonly InteropOutcome _outcome;
    private readonly PeerEvents _events;
    private int _credit;

    public NetLiteQueueEndpoint(LiteListenerLink link, NetLiteQueue queue, InteropOutcome outcome, PeerEvents events)
    {
        _link = link;
        _queue = queue;
        _outcome = outcome;
        _events = events;
    }

    public override void OnMessage(LiteMessageContext messageContext)
    {
        lock (_queue.Sync)
        {
            _queue.Messages.Enqueue(LiteMessage.Decode(messageContext.Message.Encode()));
        }

        switch (_outcome.Kind)
        {
            case "accepted":
                messageContext.Complete();
                break;
            case "rejected":
                messageContext.Complete(NetLiteMessages.ToLite(new InteropError(_outcome.Condition, _outcome.Description)));
                break;
            default:
                messageContext.Link.DisposeMessage(messageContext.Message, NetLiteMessages.ToLite(_outcome), true);
                break;
        }

        Pump(_queue);
    }

    public override void OnFlow(LiteFlowContext flowContext)
    {
        lock (_queue.Sync)
        {
            // The library drops a sender's credit to zero when a flow does not raise the receiver's limit.
            _credit = flowContext.Messages <= 0 ? 0 : _credit + flowContext.Messages;
            if (!_queue.Consumers.Contains(this))
            {
                _queue.Consumers.Add(this);
            }
        }

        Pump(_queue);
    }

    public override void OnDisposition(LiteDispositionContext dispositionContext)
    {
        _events.Add($"disposition {dispositionContext.Message.Properties?.MessageId}: {NetLiteMessages.FromLite(dispositionContext.DeliveryState)}");
        dispositionContext.Link.DisposeMessage(dispositionContext.Message, dispositionContext.DeliveryState, true);
    }

    public override void OnLinkClosed(LiteListenerLink link, NetLite::Amqp.Framing.Error error)
    {
        lock (_queue.Sync)
        {
            _queue.Consumers.Remove(this);
        }
    }

    private static void Pump(NetLiteQueue queue)
    {
        // Sends stay under the queue's lock so concurrent pumps cannot reorder the queue.
        lock (queue.Sync)
        {
            foreach (var consumer in queue.Consumers)
            {
                while (consumer._credit > 0 && queue.Messages.Count > 0)
                {
                    consumer._credit--;
                    consumer._link.SendMessage(queue.Messages.Dequeue());
                }

                // Sent what the credit allowed: a drain gives back whatever credit is left.
                if (consumer._link.IsDraining)
                {
                    consumer._credit = 0;
                    consumer._link.CompleteDrain();
                }
            }
        }
    }
}
