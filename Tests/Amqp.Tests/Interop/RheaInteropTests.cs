using System.Text;
using System.Text.Json;
using Amqp.Framing;
using Amqp.Messaging;
using Amqp.Sasl;
using Amqp.Tests.EndToEnd;

namespace Amqp.Tests.Interop;

/// <summary>Our client against a rhea broker, and a rhea client against our server, over real sockets.</summary>
public class RheaInteropTests
{
    private const int Count = 10_000;
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(120);

    private static AmqpMessage Message(int i, int size) => new()
    {
        Properties = new Properties { MessageId = $"m{i}", ContentType = new AmqpSymbol("application/json") },
        ApplicationProperties = new ApplicationProperties { Map = { ["event_type"] = "sale_event", ["n"] = (long)i } },
        DataBody = [new Data(Encoding.UTF8.GetBytes(new string('x', size)))],
    };

    private static async Task<(PeerProcess Broker, Uri Address)> StartBrokerAsync(int? maxFrameSize = null)
    {
        var broker = maxFrameSize is null ? PeerProcess.StartNode("rhea-broker.js") : PeerProcess.StartNode("rhea-broker.js", maxFrameSize.Value.ToString());
        var started = await broker.FirstJsonAsync(TimeSpan.FromSeconds(30));
        return (broker, new Uri($"amqp://127.0.0.1:{started.GetProperty("port").GetInt32()}"));
    }

    [Theory]
    [InlineData(SenderSettleMode.Settled, ReceiverSettleMode.First)]
    [InlineData(SenderSettleMode.Unsettled, ReceiverSettleMode.First)]
    [InlineData(SenderSettleMode.Unsettled, ReceiverSettleMode.Second)]
    public async Task Our_client_sends_and_receives_ten_thousand_messages_through_a_rhea_broker(SenderSettleMode senderMode, ReceiverSettleMode receiverMode)
    {
        var (broker, address) = await StartBrokerAsync();
        await using var _ = broker;
        using var timeout = new CancellationTokenSource(PeerTimeout);
        await using var connection = await AmqpConnection.ConnectAsync(address, new AmqpConnectionSettings { Sasl = SaslProfile.Anonymous }, timeout.Token);
        var session = await connection.BeginSessionAsync(null, timeout.Token);
        var sender = await session.AttachSenderAsync(new AmqpLinkSettings { Target = new Target { Address = "q" }, SenderSettleMode = senderMode }, timeout.Token);
        var sends = new Task<DeliveryState?>[Count];
        for (var i = 0; i < Count; i++)
        {
            sends[i] = sender.SendAsync(Message(i, 1024), timeout.Token).AsTask();
        }

        var outcomes = await Task.WhenAll(sends);
        if (senderMode == SenderSettleMode.Unsettled)
        {
            Assert.All(outcomes, outcome => Assert.IsType<Accepted>(outcome));
        }

        var receiver = await session.AttachReceiverAsync(new AmqpLinkSettings
        {
            Source = new Source { Address = "q" },
            ReceiverSettleMode = receiverMode,
            SenderSettleMode = receiverMode == ReceiverSettleMode.Second ? SenderSettleMode.Unsettled : SenderSettleMode.Mixed,
            Credit = 500,
        }, timeout.Token);
        var settlements = new List<Task<DeliveryState?>>(Count);
        for (var i = 0; i < Count; i++)
        {
            var delivery = await receiver.ReceiveAsync(timeout.Token);
            var message = delivery!.GetMessage();
            Assert.Equal($"m{i}", message.Properties!.MessageId);
            Assert.Equal(1024, message.GetDataBody().Length);
            settlements.Add(receiver.AcceptAsync(delivery, timeout.Token).AsTask());
        }

        var settled = await Task.WhenAll(settlements);
        Assert.All(settled, state => Assert.IsType<Accepted>(state));
    }

    [Fact]
    public async Task Messages_larger_than_the_frame_size_cross_a_rhea_broker_both_ways()
    {
        var (broker, address) = await StartBrokerAsync(maxFrameSize: 4096);
        await using var _ = broker;
        using var timeout = new CancellationTokenSource(PeerTimeout);
        await using var connection = await AmqpConnection.ConnectAsync(address, new AmqpConnectionSettings { MaxFrameSize = 4096 }, timeout.Token);
        Assert.Equal(4096u, connection.RemoteMaxFrameSize);
        var session = await connection.BeginSessionAsync(null, timeout.Token);
        var sender = await session.AttachSenderAsync(new AmqpLinkSettings { Target = new Target { Address = "big" } }, timeout.Token);
        var receiver = await session.AttachReceiverAsync(new AmqpLinkSettings { Source = new Source { Address = "big" } }, timeout.Token);
        for (var i = 0; i < 20; i++)
        {
            Assert.IsType<Accepted>(await sender.SendAsync(Message(i, 100_000), timeout.Token));
        }

        for (var i = 0; i < 20; i++)
        {
            var delivery = await receiver.ReceiveAsync(timeout.Token);
            Assert.Equal(100_000, delivery!.GetMessage().GetDataBody().Length);
            await receiver.AcceptAsync(delivery, timeout.Token);
        }
    }

    [Fact]
    public async Task A_rhea_broker_answers_our_drain()
    {
        var (broker, address) = await StartBrokerAsync();
        await using var _ = broker;
        using var timeout = new CancellationTokenSource(PeerTimeout);
        await using var connection = await AmqpConnection.ConnectAsync(address, new AmqpConnectionSettings(), timeout.Token);
        var session = await connection.BeginSessionAsync(null, timeout.Token);
        var sender = await session.AttachSenderAsync(new AmqpLinkSettings { Target = new Target { Address = "d" } }, timeout.Token);
        for (var i = 0; i < 3; i++)
        {
            await sender.SendAsync(Message(i, 10), timeout.Token);
        }

        var receiver = await session.AttachReceiverAsync(new AmqpLinkSettings { Source = new Source { Address = "d" }, Credit = 10, AutoRefillCredit = false }, timeout.Token);
        await receiver.DrainAsync(timeout.Token);
        Assert.Equal(0u, receiver.Credit);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(receiver.TryReceive(out var delivery));
            Assert.Equal($"m{i}", delivery!.GetMessage().Properties!.MessageId);
        }
    }

    [Theory]
    [InlineData("settled", "first", 1024, null)]
    [InlineData("unsettled", "first", 1024, null)]
    [InlineData("unsettled", "second", 1024, null)]
    [InlineData("unsettled", "first", 50_000, 4096)]
    public async Task A_rhea_client_sends_and_receives_through_our_server(string senderMode, string receiverMode, int bodySize, int? maxFrameSize)
    {
        await using var server = new LoopbackBroker(s =>
        {
            if (maxFrameSize is { } size)
            {
                s.Connection.MaxFrameSize = (uint)size;
            }
        });
        var count = bodySize > 10_000 ? 200 : Count;
        string[] arguments = [server.Listener.LocalEndpoint.Port.ToString(), count.ToString(), senderMode, receiverMode, bodySize.ToString()];
        if (maxFrameSize is { } frame)
        {
            arguments = [.. arguments, frame.ToString()];
        }

        await using var client = PeerProcess.StartNode("rhea-client.js", arguments);
        var (exitCode, output) = await client.WaitForExitAsync(PeerTimeout);
        Assert.True(exitCode == 0, output);
        var summary = JsonDocument.Parse(output.Split('\n')[0]).RootElement;
        Assert.Equal(count, summary.GetProperty("received").GetInt32());
        Assert.True(summary.GetProperty("inOrder").GetBoolean(), output);
        Assert.True(summary.GetProperty("drained").GetBoolean(), output);
    }
}
