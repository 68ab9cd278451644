using System.Text.Json;
using Amqp.Framing;
using Amqp.Messaging;
using Amqp.Tests.EndToEnd;

namespace Amqp.Tests.Interop;

/// <summary>Our client against a qpid-proton broker, and a proton client against our server.</summary>
public class ProtonInteropTests
{
    private const int Count = 10_000;
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(120);

    [ProtonFact]
    public async Task Our_client_sends_and_receives_ten_thousand_messages_through_a_proton_broker()
    {
        await using var broker = PeerProcess.StartPython("proton-peer.py", "broker");
        var port = (await broker.FirstJsonAsync(TimeSpan.FromSeconds(30))).GetProperty("port").GetInt32();
        using var timeout = new CancellationTokenSource(PeerTimeout);
        await using var connection = await AmqpConnection.ConnectAsync(new Uri($"amqp://127.0.0.1:{port}"), new AmqpConnectionSettings { MaxFrameSize = 4096 }, timeout.Token);
        var session = await connection.BeginSessionAsync(null, timeout.Token);
        foreach (var mode in new[] { SenderSettleMode.Settled, SenderSettleMode.Unsettled })
        {
            var address = $"q-{mode}";
            var sender = await session.AttachSenderAsync(new AmqpLinkSettings { Target = new Target { Address = address }, SenderSettleMode = mode }, timeout.Token);
            var sends = Enumerable.Range(0, Count)
                .Select(i => sender.SendAsync(new AmqpMessage { Properties = new Properties { MessageId = $"m{i}" }, DataBody = [new Data(new byte[i % 100 == 0 ? 10_000 : 1024])] }, timeout.Token).AsTask())
                .ToArray();
            var outcomes = await Task.WhenAll(sends);
            if (mode == SenderSettleMode.Unsettled)
            {
                Assert.All(outcomes, outcome => Assert.IsType<Accepted>(outcome));
            }

            var receiverMode = mode == SenderSettleMode.Settled ? ReceiverSettleMode.First : ReceiverSettleMode.Second;
            var receiver = await session.AttachReceiverAsync(new AmqpLinkSettings { Source = new Source { Address = address }, ReceiverSettleMode = receiverMode, Credit = 500 }, timeout.Token);
            var settlements = new List<Task<DeliveryState?>>();
            for (var i = 0; i < Count; i++)
            {
                var delivery = await receiver.ReceiveAsync(timeout.Token);
                var message = delivery!.GetMessage();
                Assert.Equal($"m{i}", message.Properties!.MessageId);
                Assert.Equal(i % 100 == 0 ? 10_000 : 1024, message.GetDataBody().Length);
                settlements.Add(receiver.AcceptAsync(delivery, timeout.Token).AsTask());
            }

            await Task.WhenAll(settlements);
            receiver.SetCredit(5, autoRefill: false);
            await receiver.DrainAsync(timeout.Token);
            Assert.Equal(0u, receiver.Credit);
        }
    }

    [ProtonFact]
    public async Task A_proton_client_sends_and_receives_through_our_server()
    {
        foreach (var (senderMode, receiverMode) in new[] { ("settled", "first"), ("unsettled", "first"), ("unsettled", "second") })
        {
            await using var server = new LoopbackBroker(s => s.Connection.MaxFrameSize = 8192);
            await using var client = PeerProcess.StartPython("proton-peer.py", "client", server.Listener.LocalEndpoint.Port.ToString(), Count.ToString(), senderMode, receiverMode, "1024");
            var (exitCode, output) = await client.WaitForExitAsync(PeerTimeout);
            Assert.True(exitCode == 0, output);
            var summary = JsonDocument.Parse(output.Split('\n')[0]).RootElement;
            Assert.Equal(Count, summary.GetProperty("received").GetInt32());
            Assert.True(summary.GetProperty("drained").GetBoolean(), output);
        }
    }

    [ProtonFact]
    public async Task A_proton_client_sends_messages_larger_than_our_frame_size()
    {
        await using var server = new LoopbackBroker(s => s.Connection.MaxFrameSize = 4096);
        await using var client = PeerProcess.StartPython("proton-peer.py", "client", server.Listener.LocalEndpoint.Port.ToString(), "100", "unsettled", "first", "60000");
        var (exitCode, output) = await client.WaitForExitAsync(PeerTimeout);
        Assert.True(exitCode == 0, output);
        Assert.Contains("\"bodiesIntact\": true", output);
    }
}
