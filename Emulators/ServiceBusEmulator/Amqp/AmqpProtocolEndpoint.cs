using System.Net;
using System.Runtime.CompilerServices;
using Amqp;
using Amqp.Framing;
using Amqp.Sasl;
using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Hosting;

namespace ServiceBusEmulator.Amqp;

/// <summary>
/// The AMQP 1.0 face of the emulator: a listener on the host's bind address that offers SASL MSSBCBS / ANONYMOUS /
/// PLAIN without authenticating (authorisation is CBS, per link), and routes every attach to the node it names —
/// <c>$cbs</c>, an entity's <c>$management</c>, the transaction coordinator, or the entity itself — refusing unknown entities (not-found) and
/// addresses no CBS grant of the connection covers (unauthorized-access).
/// </summary>
public sealed class AmqpProtocolEndpoint : IProtocolEndpoint
{
    /// <summary>Large enough for a 256 KB message in few frames, small enough to bound per-frame buffers.</summary>
    public const uint MaxFrameSize = 65536;

    private readonly ConditionalWeakTable<AmqpConnection, ConnectionContext> _connections = [];
    private AmqpListener? _listener;
    private ProtocolEndpointContext? _context;

    public string Name => "amqp";

    public Task<int> StartAsync(ProtocolEndpointContext context, CancellationToken cancellationToken)
    {
        _context = context;
        var listener = new AmqpListener(new AmqpListenerSettings
        {
            Endpoint = new IPEndPoint(context.BindAddress, context.Port),
            Connection = new AmqpConnectionSettings
            {
                ContainerId = "sbemulatorns",
                MaxFrameSize = MaxFrameSize,
                IdleTimeout = TimeSpan.FromMinutes(1),
            },
            Sasl = new SaslServerSettings
            {
                Mechanisms = [SaslProfile.MsSbCbsName, SaslProfile.AnonymousName, SaslProfile.PlainName],
                AllowNoSasl = true,
            },
            LinkAttaching = OnAttach,
            NonAmqpConnection = new AmqpPortHttp(context.Administration).ServeAsync,
        });
        listener.Start();
        _listener = listener;
        return Task.FromResult(listener.LocalEndpoint.Port);
    }

    private ConnectionContext ContextOf(AmqpConnection connection) =>
        _connections.GetValue(connection, _ => new ConnectionContext(_context!.Broker));

    private void OnAttach(LinkAttachRequest request)
    {
        var context = _context!;
        var connection = ContextOf(request.Session.Connection);
        var clientReceives = request.IsSenderRequest;
        var path = NodeAddress.Normalize(clientReceives ? request.Remote.Source?.Address : request.Remote.Target?.Address);
        try
        {
            if (!clientReceives && TransactionCoordinator.IsCoordinatorTarget(request.Remote.UnknownTarget))
            {
                var coordinator = (ReceiverLink)request.Accept();
                _ = Task.Run(() => connection.Transactions.ServeAsync(coordinator));
            }
            else if (NodeAddress.IsCbs(path))
            {
                AttachCbs(request, connection, context, clientReceives);
            }
            else if (NodeAddress.IsManagement(path, out var entityPath))
            {
                AttachManagement(request, connection, context, path, entityPath, clientReceives);
            }
            else if (clientReceives)
            {
                AttachReceiver(request, connection, context.Broker, path);
            }
            else
            {
                AttachSender(request, connection, context.Broker, path);
            }
        }
        catch (AmqpException)
        {
            // The session or connection ended while the attach was being answered.
        }
    }

    private static void AttachCbs(LinkAttachRequest request, ConnectionContext connection, ProtocolEndpointContext context, bool clientReceives)
    {
        var link = request.Accept();
        if (clientReceives)
        {
            connection.AddReplyLink((SenderLink)link);
        }
        else
        {
            _ = Task.Run(() => new CbsNode(context.TokenValidator, connection).ServeAsync((ReceiverLink)link));
        }
    }

    private static void AttachManagement(
        LinkAttachRequest request, ConnectionContext connection, ProtocolEndpointContext context, string path, string entityPath, bool clientReceives)
    {
        var broker = context.Broker;
        if (!Authorize(request, connection, broker, path, entityPath, out _))
        {
            return;
        }

        var link = request.Accept();
        if (clientReceives)
        {
            connection.AddReplyLink((SenderLink)link);
        }
        else
        {
            _ = Task.Run(() => new ManagementNode(broker, entityPath, connection, context.Administration).ServeAsync((ReceiverLink)link));
        }
    }

    private static void AttachSender(LinkAttachRequest request, ConnectionContext connection, MessageBroker broker, string path)
    {
        if (!Authorize(request, connection, broker, path, path, out var entity))
        {
            return;
        }

        if (entity.Kind == EntityKind.Subscription || entity.SubQueue != SubQueue.None)
        {
            request.Refuse(new Error(new AmqpSymbol(BrokerCondition.NotAllowed), $"Messages cannot be sent to '{entity.Path}'; send to its queue or topic."));
            return;
        }

        request.Reply.MaxMessageSize = (ulong)entity.MaxMessageSizeInBytes;
        // Oversize messages get a rejected{message-size-exceeded} outcome rather than a detach, so the link lives on:
        // the library's own limit only guards memory.
        request.Settings.MaxMessageSize = (ulong)entity.MaxMessageSizeInBytes * 2 + MaxFrameSize;
        request.Settings.Credit = 1000;
        var link = (ReceiverLink)request.Accept();
        _ = Task.Run(() => new EntitySendLink(broker, link, path, entity.MaxMessageSizeInBytes, connection.Transactions).ServeAsync());
    }

    private static void AttachReceiver(LinkAttachRequest request, ConnectionContext connection, MessageBroker broker, string path)
    {
        if (!Authorize(request, connection, broker, path, path, out var entity))
        {
            return;
        }

        var mode = request.Remote.SndSettleMode == SenderSettleMode.Settled ? ReceiveMode.ReceiveAndDelete : ReceiveMode.PeekLock;
        var filter = request.Remote.Source?.Filter;
        if (filter is not null && filter.ContainsKey(ServiceBusAmqpNames.SessionFilter) || entity.RequiresSession)
        {
            _ = Task.Run(() => SessionAttach.AcceptAsync(request, broker, path, mode, connection.Transactions));
            return;
        }

        var receiver = broker.CreateReceiver(path, mode);
        if (!receiver.IsSuccess)
        {
            request.Refuse(AmqpErrors.From(receiver.Error!));
            return;
        }

        var link = (SenderLink)request.Accept();
        _ = Task.Run(() => new EntityReceiveLink(broker, link, receiver.Value, path, connection.Transactions).ServeAsync());
    }

    private static bool Authorize(
        LinkAttachRequest request, ConnectionContext connection, MessageBroker broker, string path, string entityPath, out EntityDescription entity)
    {
        var described = broker.Describe(entityPath);
        if (!described.IsSuccess)
        {
            entity = null!;
            request.Refuse(AmqpErrors.From(described.Error!));
            return false;
        }

        entity = described.Value;
        if (!connection.Grants.Covers(path))
        {
            request.Refuse(AmqpErrors.Unauthorized(path));
            return false;
        }

        return true;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is { } listener)
        {
            _listener = null;
            await listener.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);
}
