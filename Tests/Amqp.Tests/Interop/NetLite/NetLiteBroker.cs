extern alias NetLite;
using LiteAttachContext = NetLite::Amqp.Listener.AttachContext;
using LiteContainerHost = NetLite::Amqp.Listener.ContainerHost;
using LiteLinkProcessor = NetLite::Amqp.Listener.ILinkProcessor;
using LiteListenerLink = NetLite::Amqp.Listener.ListenerLink;

namespace Amqp.Tests.Interop.NetLite;

/// <summary>
/// AMQPNetLite's listener (<c>ContainerHost</c>) as the queue broker of <see cref="IInteropPeer.StartBrokerAsync"/>:
/// every attach goes through <see cref="Process"/>, each accepted link gets a <see cref="NetLiteQueueEndpoint"/>.
/// </summary>
internal sealed class NetLiteBroker : IPeerBroker, LiteLinkProcessor
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);
    private readonly LiteContainerHost _host;
    private readonly Dictionary<string, NetLiteQueue> _queues = [];

    private NetLiteBroker(int port, uint maxFrameSize)
    {
        Address = new Uri($"amqp://127.0.0.1:{port}");
        _host = new LiteContainerHost(new NetLite::Amqp.Address(Address.AbsoluteUri));
        var listener = _host.Listeners[0];
        listener.AMQP.MaxFrameSize = (int)maxFrameSize;
        listener.SASL.EnableAnonymousMechanism = true;
        listener.SASL.EnablePlainMechanism(InteropSasl.User, InteropSasl.Secret);
        _host.RegisterLinkProcessor(this);
        _host.Open();
    }

    public Uri Address { get; }

    public PeerEvents Events { get; } = new();

    public static NetLiteBroker Start(uint maxFrameSize) => LoopbackPort.Listen(port => new NetLiteBroker(port, maxFrameSize));

    public void Process(LiteAttachContext attachContext)
    {
        var link = attachContext.Link;
        var attach = attachContext.Attach;
        // The attach as the peer sent it: role true means the peer receives, so this broker sends.
        var address = attach.Role ? (attach.Source as NetLite::Amqp.Framing.Source)?.Address : (attach.Target as NetLite::Amqp.Framing.Target)?.Address;
        if (address == InteropAddresses.Missing)
        {
            attachContext.Complete(NetLiteMessages.ToLite(InteropAddresses.NotFound));
            return;
        }

        Observe(link);
        NetLiteQueue queue;
        lock (_queues)
        {
            if (!_queues.TryGetValue(address ?? "", out queue!))
            {
                _queues[address ?? ""] = queue = new NetLiteQueue();
            }
        }

        attachContext.Complete(new NetLiteQueueEndpoint(link, queue, InteropOutcome.ForAddress(address), Events), attach.Role ? 0 : 300);
        if (address == InteropAddresses.DetachedByBroker)
        {
            _ = link.CloseAsync(CloseTimeout, NetLiteMessages.ToLite(InteropAddresses.ResourceDeleted));
        }
        else if (address == InteropAddresses.ClosedByBroker)
        {
            _ = link.Session.Connection.CloseAsync(CloseTimeout, NetLiteMessages.ToLite(InteropAddresses.ConnectionForced));
        }
    }

    private void Observe(LiteListenerLink link)
    {
        link.AddClosedCallback((_, _) => Events.Add($"detach {link.Name}"));
        link.Session.AddClosedCallback((_, _) => Events.Add("end"));
        link.Session.Connection.AddClosedCallback((_, error) => Events.Add($"close {error?.Condition}: {error?.Description}"));
    }

    public ValueTask DisposeAsync()
    {
        _host.Close();
        return ValueTask.CompletedTask;
    }
}
