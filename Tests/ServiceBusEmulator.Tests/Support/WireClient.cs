using Amqp;
using Amqp.Framing;
using Amqp.Messaging;
using Amqp.Sasl;
using Amqp.Types;
using ServiceBusEmulator.Hosting;
using ServiceBusEmulator.Security;

namespace ServiceBusEmulator.Tests.Support;

/// <summary>
/// A raw AMQP client (our Amqp library) shaped like the .NET Service Bus SDK on the wire: SASL MSSBCBS, CBS put-token
/// with a reply link addressed by target, .NET-style <c>/entity</c> addresses. It lets tests check the exact AMQP
/// types the emulator sends, which the .NET SDK casts strictly.
/// </summary>
public sealed class WireClient : IAsyncDisposable
{
    private readonly Dictionary<string, (SenderLink Requests, ReceiverLink Responses)> _nodes = [];
    private int _nextRequest;

    private WireClient(AmqpConnection connection, AmqpSession session, int port)
    {
        Connection = connection;
        Session = session;
        Port = port;
    }

    public AmqpConnection Connection { get; }

    public AmqpSession Session { get; }

    public int Port { get; }

    public static async Task<WireClient> ConnectAsync(ServiceBusEmulatorHost host)
    {
        var port = host.AmqpPort!.Value;
        var connection = await AmqpConnection.ConnectAsync(
            new Uri($"amqp://127.0.0.1:{port}"), new AmqpConnectionSettings { Sasl = SaslProfile.MsSbCbs }, CancellationToken.None);
        var session = await connection.BeginSessionAsync(null, CancellationToken.None);
        return new WireClient(connection, session, port);
    }

    /// <summary>put-token for <c>sb://localhost/&lt;path&gt;</c> signed with <paramref name="key"/>; returns the response.</summary>
    public Task<AmqpMessage> PutTokenAsync(string path, string key = EmulatorOptions.DefaultKey)
    {
        var audience = $"sb://localhost/{path}";
        var token = SasTokenGenerator.Create(audience, EmulatorOptions.DefaultKeyName, key, DateTimeOffset.UtcNow.AddHours(1));
        return RequestAsync("$cbs", new AmqpMessage
        {
            ApplicationProperties = new ApplicationProperties(new AmqpMap
            {
                ["operation"] = "put-token",
                ["name"] = audience,
                ["type"] = "servicebus.windows.net:sastoken",
            }),
            ValueBody = new AmqpValue(token),
        });
    }

    /// <summary>A management request to <c>&lt;entity&gt;/$management</c> with a map body, .NET style (pre-settled).</summary>
    public Task<AmqpMessage> ManagementAsync(string entity, string operation, AmqpMap body) =>
        RequestAsync(entity + "/$management", new AmqpMessage
        {
            ApplicationProperties = new ApplicationProperties(new AmqpMap { ["operation"] = operation }),
            ValueBody = new AmqpValue(body),
        });

    public async Task<AmqpMessage> RequestAsync(string node, AmqpMessage request)
    {
        if (!_nodes.TryGetValue(node, out var links))
        {
            var replyTo = Guid.NewGuid().ToString("N");
            var requests = await Session.AttachSenderAsync(new AmqpLinkSettings
            {
                Target = new Target { Address = node },
                Source = new Source { Address = replyTo },
                SenderSettleMode = SenderSettleMode.Settled,
            }, CancellationToken.None);
            var responses = await Session.AttachReceiverAsync(new AmqpLinkSettings
            {
                Source = new Source { Address = node },
                Target = new Target { Address = replyTo },
                SenderSettleMode = SenderSettleMode.Settled,
                Credit = 50,
            }, CancellationToken.None);
            links = (requests, responses);
            _nodes[node] = links;
        }

        var messageId = $"request-{Interlocked.Increment(ref _nextRequest)}";
        request.Properties = new Properties { MessageId = messageId, ReplyTo = links.Responses.LocalAttach.Target!.Address };
        await links.Requests.SendAsync(request);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var delivery = await links.Responses.ReceiveAsync(timeout.Token) ?? throw new InvalidOperationException("The response link closed.");
        var response = delivery.GetMessage();
        Assert.Equal(messageId, response.Properties?.CorrelationId);
        return response;
    }

    public Task<SenderLink> AttachSenderAsync(string address) =>
        Session.AttachSenderAsync(new AmqpLinkSettings { Target = new Target { Address = address }, Source = new Source { Address = Guid.NewGuid().ToString() } }, CancellationToken.None);

    public Task<ReceiverLink> AttachPeekLockReceiverAsync(string address, uint credit = 10, AmqpMap? filter = null) =>
        Session.AttachReceiverAsync(new AmqpLinkSettings
        {
            Source = new Source { Address = address, Filter = filter },
            Target = new Target { Address = Guid.NewGuid().ToString() },
            SenderSettleMode = SenderSettleMode.Unsettled,
            ReceiverSettleMode = ReceiverSettleMode.Second,
            Credit = credit,
            AutoRefillCredit = false,
        }, CancellationToken.None);

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
