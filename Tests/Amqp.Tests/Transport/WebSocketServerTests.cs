using System.Text;
using Amqp.Framing;
using Amqp.Messaging;
using Amqp.Sasl;
using Amqp.Tests.EndToEnd;
using Amqp.Transport;

namespace Amqp.Tests.Transport;

/// <summary>
/// Our listener serving AMQP over WebSockets on its AMQP port (<see cref="AmqpListenerSettings.NonAmqpConnection"/> +
/// <see cref="WebSocketUpgrade"/>), reached by our own <c>ws://</c> client while a TCP client uses the same port.
/// </summary>
public class WebSocketServerTests
{
    private static readonly CancellationToken Timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task WebSocket_and_TCP_clients_exchange_messages_through_one_listener_port()
    {
        var offered = new List<string>();
        await using var broker = new LoopbackBroker(settings => settings.NonAmqpConnection = async (stream, cancellationToken) =>
        {
            var headers = await ReadRequestHeadAsync(stream, cancellationToken);
            offered.Add(headers["Sec-WebSocket-Protocol"]);
            var subProtocol = WebSocketUpgrade.ChooseSubProtocol(headers["Sec-WebSocket-Protocol"])!;
            return await WebSocketUpgrade.AcceptAsync(stream, headers["Sec-WebSocket-Key"], subProtocol, cancellationToken);
        });
        var port = broker.Listener.LocalEndpoint.Port;
        var settings = new AmqpConnectionSettings { Sasl = SaslProfile.Anonymous };

        await using var overWebSocket = await AmqpConnection.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/$servicebus/websocket"), settings, Timeout);
        await using var overTcp = await AmqpConnection.ConnectAsync(broker.Address, settings, Timeout);
        var webSocketSession = await overWebSocket.BeginSessionAsync(null, Timeout);
        var tcpSession = await overTcp.BeginSessionAsync(null, Timeout);
        var sender = await webSocketSession.AttachSenderAsync(new AmqpLinkSettings { Target = new Target { Address = "q" } }, Timeout);
        var receiver = await tcpSession.AttachReceiverAsync(new AmqpLinkSettings { Source = new Source { Address = "q" } }, Timeout);
        var large = new byte[300_000];
        Random.Shared.NextBytes(large);

        Assert.IsType<Accepted>(await sender.SendAsync(AmqpMessage.FromData(Encoding.UTF8.GetBytes("small")), Timeout));
        Assert.IsType<Accepted>(await sender.SendAsync(AmqpMessage.FromData(large), Timeout));
        var first = await receiver.ReceiveAsync(Timeout);
        await receiver.AcceptAsync(first!, Timeout);
        var second = await receiver.ReceiveAsync(Timeout);
        await receiver.AcceptAsync(second!, Timeout);

        Assert.Equal("small", Encoding.UTF8.GetString(first!.GetMessage().GetDataBody().Span));
        Assert.Equal(large, second!.GetMessage().GetDataBody().ToArray());
        Assert.Equal([AmqpTransport.WebSocketSubProtocol], offered);
    }

    [Fact]
    public async Task A_client_that_sends_nothing_is_dropped_after_the_open_timeout()
    {
        await using var broker = new LoopbackBroker(settings =>
        {
            settings.Connection.OpenTimeout = TimeSpan.FromMilliseconds(300);
            settings.NonAmqpConnection = (_, _) => Task.FromResult<Stream?>(null);
        });
        using var silent = new System.Net.Sockets.TcpClient();
        await silent.ConnectAsync(broker.Listener.LocalEndpoint, Timeout);

        var read = await silent.GetStream().ReadAsync(new byte[1], Timeout);

        Assert.Equal(0, read);
    }

    [Theory]
    [InlineData("amqp", "amqp")]
    [InlineData("mqtt, AMQPWSB10", "AMQPWSB10")]
    [InlineData("mqtt", null)]
    [InlineData(null, null)]
    public void The_answered_subprotocol_is_an_AMQP_one_the_client_offered(string? offered, string? answered) =>
        Assert.Equal(answered, WebSocketUpgrade.ChooseSubProtocol(offered));

    /// <summary>Reads the upgrade request's head byte by byte, so nothing after it is consumed (tests only).</summary>
    private static async Task<Dictionary<string, string>> ReadRequestHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new EndOfStreamException();
            }

            head.Append((char)one[0]);
        }

        return head.ToString().Split("\r\n").Skip(1).Where(line => line.Contains(':', StringComparison.Ordinal))
            .ToDictionary(line => line[..line.IndexOf(':', StringComparison.Ordinal)].Trim(), line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), StringComparer.OrdinalIgnoreCase);
    }
}
