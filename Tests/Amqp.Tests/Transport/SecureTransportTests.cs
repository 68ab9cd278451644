using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Amqp.Framing;
using Amqp.Messaging;
using Amqp.Sasl;
using Amqp.Tests.EndToEnd;
using Amqp.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Amqp.Tests.Transport;

public class SecureTransportTests
{
    private static readonly CancellationToken Timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private static async Task SendAndReceiveAsync(AmqpConnection connection)
    {
        var session = await connection.BeginSessionAsync(null, Timeout);
        var sender = await session.AttachSenderAsync(new AmqpLinkSettings { Target = new Target { Address = "q" } }, Timeout);
        var receiver = await session.AttachReceiverAsync(new AmqpLinkSettings { Source = new Source { Address = "q" } }, Timeout);
        var big = new byte[300_000];
        Random.Shared.NextBytes(big);
        for (var i = 0; i < 100; i++)
        {
            Assert.IsType<Accepted>(await sender.SendAsync(AmqpMessage.FromData(i == 50 ? big : Encoding.UTF8.GetBytes($"m{i}")), Timeout));
        }

        for (var i = 0; i < 100; i++)
        {
            var delivery = await receiver.ReceiveAsync(Timeout);
            var body = delivery!.GetMessage().GetDataBody().ToArray();
            Assert.Equal(i == 50 ? big : Encoding.UTF8.GetBytes($"m{i}"), body);
            await receiver.AcceptAsync(delivery, Timeout);
        }
    }

    private static bool Trust(X509Certificate2 expected, X509Certificate? presented) =>
        presented is not null && presented.GetCertHashString() == expected.GetCertHashString();

    [Fact]
    public async Task Client_talks_amqps_to_a_tls_server()
    {
        using var certificate = TestCertificate.Create();
        await using var broker = new LoopbackBroker(s => s.Certificate = certificate);
        var settings = new AmqpConnectionSettings
        {
            Sasl = SaslProfile.Anonymous,
            RemoteCertificateValidation = (_, presented, _, _) => Trust(certificate, presented),
        };
        await using var connection = await AmqpConnection.ConnectAsync(new Uri($"amqps://127.0.0.1:{broker.Listener.LocalEndpoint.Port}"), settings, Timeout);
        await SendAndReceiveAsync(connection);
    }

    [Fact]
    public async Task Client_refuses_a_server_certificate_it_does_not_trust()
    {
        using var certificate = TestCertificate.Create();
        await using var broker = new LoopbackBroker(s => s.Certificate = certificate);
        await Assert.ThrowsAnyAsync<Exception>(() =>
            AmqpConnection.ConnectAsync(new Uri($"amqps://127.0.0.1:{broker.Listener.LocalEndpoint.Port}"), new AmqpConnectionSettings(), Timeout));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Client_talks_amqp_over_websockets_to_the_servicebus_path(bool secure)
    {
        using var certificate = TestCertificate.Create();
        await using var broker = new LoopbackBroker();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (secure)
            {
                listen.UseHttps(certificate);
            }
        }));
        await using var app = builder.Build();
        app.UseWebSockets();
        var protocols = new List<string>();
        app.Map("/$servicebus/websocket", async (HttpContext context) =>
        {
            protocols.AddRange(context.WebSockets.WebSocketRequestedProtocols);
            using var socket = await context.WebSockets.AcceptWebSocketAsync(AmqpTransport.WebSocketSubProtocol);
            await using var stream = WebSocketStream.Create(socket, WebSocketMessageType.Binary, ownsWebSocket: false);
            var connection = await AmqpConnection.AcceptAsync(stream, broker.Listener.Settings, context.RequestAborted);
            await connection.Closed;
        });
        await app.StartAsync(Timeout);
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

        var scheme = secure ? "wss" : "ws";
        var settings = new AmqpConnectionSettings
        {
            Sasl = SaslProfile.MsSbCbs,
            RemoteCertificateValidation = (_, presented, _, _) => Trust(certificate, presented),
        };
        await using (var connection = await AmqpConnection.ConnectAsync(new Uri($"{scheme}://127.0.0.1:{port}/$servicebus/websocket"), settings, Timeout))
        {
            await SendAndReceiveAsync(connection);
        }

        Assert.Contains(AmqpTransport.WebSocketSubProtocol, protocols);
        await app.StopAsync(Timeout);
    }
}
