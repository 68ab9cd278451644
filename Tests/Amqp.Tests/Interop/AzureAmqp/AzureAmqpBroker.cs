using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;
using Microsoft.Azure.Amqp.Transport;
using AzureConnection = Microsoft.Azure.Amqp.AmqpConnection;
using AzureLink = Microsoft.Azure.Amqp.AmqpLink;
using AzureConnectionSettings = Microsoft.Azure.Amqp.AmqpConnectionSettings;
using AzureLinkSettings = Microsoft.Azure.Amqp.AmqpLinkSettings;
using AzureSession = Microsoft.Azure.Amqp.AmqpSession;
using AzureSessionSettings = Microsoft.Azure.Amqp.AmqpSessionSettings;

namespace Amqp.Tests.Interop.AzureAmqp;

/// <summary>
/// Microsoft.Azure.Amqp's listener (<c>AmqpConnectionListener</c>) as the queue broker of
/// <see cref="IInteropPeer.StartBrokerAsync"/>: the library asks this runtime provider for every connection, session
/// and link; each link is wired to an <see cref="AzureAmqpQueue"/>.
/// </summary>
internal sealed class AzureAmqpBroker : IPeerBroker, IRuntimeProvider
{
    private static readonly AmqpVersion Version = new(1, 0, 0);
    private readonly AmqpConnectionListener _listener;
    private readonly Dictionary<string, AzureAmqpQueue> _queues = [];

    private AzureAmqpBroker(int port, uint maxFrameSize)
    {
        Address = new Uri($"amqp://127.0.0.1:{port}");
        var sasl = new SaslTransportProvider();
        sasl.Versions.Add(Version);
        sasl.AddHandler(new SaslAnonymousHandler());
        sasl.AddHandler(new SaslPlainHandler(new AzureAmqpPlainAuthenticator()));
        var amqp = new AmqpTransportProvider();
        amqp.Versions.Add(Version);
        var settings = new AmqpSettings { RuntimeProvider = this };
        settings.TransportProviders.Add(sasl);
        settings.TransportProviders.Add(amqp);
        _listener = new AmqpConnectionListener([Address.AbsoluteUri], settings, new AzureConnectionSettings { ContainerId = "azure-amqp-broker", MaxFrameSize = maxFrameSize });
        _listener.Open();
    }

    public Uri Address { get; }

    public PeerEvents Events { get; } = new();

    public static AzureAmqpBroker Start(uint maxFrameSize) => LoopbackPort.Listen(port => new AzureAmqpBroker(port, maxFrameSize));

    public AzureConnection CreateConnection(TransportBase transport, ProtocolHeader protocolHeader, bool isInitiator, AmqpSettings amqpSettings, AzureConnectionSettings connectionSettings)
    {
        var connection = new AzureConnection(transport, protocolHeader, false, amqpSettings, connectionSettings);
        connection.Closed += (_, _) =>
        {
            var error = AzureAmqpMessages.FromAzure(connection.TerminalException);
            Events.Add($"close {error?.Condition}: {error?.Description}");
        };
        return connection;
    }

    public AzureSession CreateSession(AzureConnection connection, AzureSessionSettings settings)
    {
        return new AzureSession(connection, settings, this);
    }

    public AzureLink CreateLink(AzureSession session, AzureLinkSettings settings)
    {
        // Local role: true when this broker receives.
        var receives = settings.Role == true;
        var address = (receives ? (settings.Target as Target)?.Address : (settings.Source as Source)?.Address)?.ToString() ?? "";
        if (address == InteropAddresses.Missing)
        {
            // The library answers with a null terminus and detaches with this error.
            throw new Microsoft.Azure.Amqp.AmqpException(AzureAmqpMessages.ToAzure(InteropAddresses.NotFound));
        }

        AzureAmqpQueue queue;
        lock (_queues)
        {
            if (!_queues.TryGetValue(address, out queue!))
            {
                _queues[address] = queue = new AzureAmqpQueue(Events);
            }
        }

        AzureLink link;
        if (receives)
        {
            settings.TotalLinkCredit = 300;
            settings.AutoSendFlow = true;
            link = queue.AddProducer(new ReceivingAmqpLink(session, settings), InteropOutcome.ForAddress(address));
        }
        else
        {
            link = queue.AddConsumer(new SendingAmqpLink(session, settings));
        }

        link.Closed += (_, _) => Events.Add($"detach {link.Name}");
        // Handlers added to a session while the factory creates it are not called on its end; added here they are.
        session.Closed += (_, _) => Events.Add("end");
        if (address == InteropAddresses.DetachedByBroker)
        {
            link.Opened += (_, _) => Task.Run(() => link.SafeClose(new Microsoft.Azure.Amqp.AmqpException(AzureAmqpMessages.ToAzure(InteropAddresses.ResourceDeleted))));
        }
        else if (address == InteropAddresses.ClosedByBroker)
        {
            link.Opened += (_, _) => Task.Run(() => session.Connection.SafeClose(new Microsoft.Azure.Amqp.AmqpException(AzureAmqpMessages.ToAzure(InteropAddresses.ConnectionForced))));
        }

        return link;
    }

    public IAsyncResult BeginOpenLink(AzureLink link, TimeSpan timeout, AsyncCallback callback, object state)
    {
        // Every link opens at once; a completed task is the IAsyncResult the library expects back.
        var opened = new TaskCompletionSource(state);
        opened.SetResult();
        callback(opened.Task);
        return opened.Task;
    }

    public void EndOpenLink(IAsyncResult result)
    {
    }

    public ValueTask DisposeAsync()
    {
        _listener.Close();
        return ValueTask.CompletedTask;
    }
}
