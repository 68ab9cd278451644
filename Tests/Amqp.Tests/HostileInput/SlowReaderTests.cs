using System.Net.Sockets;
using Amqp.Framing;
using Amqp.Messaging;

namespace Amqp.Tests.HostileInput;

public class SlowReaderTests
{
    [Fact]
    public async Task A_peer_that_sends_without_ever_reading_is_slowed_by_backpressure_not_buffered_without_bound()
    {
        var listenerSettings = new AmqpListenerSettings
        {
            Sasl = null,
            LinkAttaching = request =>
            {
                request.Settings.Credit = 1000;
                var receiver = (ReceiverLink)request.Accept();
                _ = Task.Run(async () =>
                {
                    while (await receiver.ReceiveAsync() is { } delivery)
                    {
                        await receiver.AcceptAsync(delivery);
                    }
                });
            },
        };
        await using var listener = new AmqpListener(listenerSettings);
        listener.Start();
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);

        using var client = new TcpClient();
        client.ReceiveBufferSize = 64 * 1024;
        await client.ConnectAsync("127.0.0.1", listener.LocalEndpoint.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(RawFrames.Header.Concat(RawFrames.Open).Concat(RawFrames.Begin).Concat(RawFrames.AttachSender).ToArray());

        using var payload = new AmqpWriter();
        AmqpMessage.FromData(new byte[64]).Encode(payload);
        uint id = 0;
        long written = 0;
        var blocked = false;
        const long limit = 600L * 1024 * 1024;
        while (written < limit)
        {
            var chunk = new List<byte>(200 * 1024);
            for (var i = 0; i < 1000; i++, id++)
            {
                chunk.AddRange(RawFrames.Frame(new Transfer { Handle = 0, DeliveryId = id, DeliveryTag = BitConverter.GetBytes(id), Settled = false }, payload: payload.WrittenSpan));
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try
            {
                await stream.WriteAsync(chunk.ToArray(), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                blocked = true;
                break;
            }

            written += chunk.Count;
        }

        Assert.True(blocked, $"The server kept reading {written:N0} bytes from a peer that never reads its answers.");
        var growth = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        Assert.True(growth < 200L * 1024 * 1024, $"Server memory grew by {growth:N0} bytes.");
    }

    [Fact]
    public async Task Half_sent_deliveries_across_many_links_are_capped_per_connection()
    {
        var settings = new AmqpListenerSettings { Sasl = null, Connection = { MaxBufferedIncomingBytes = 1024 * 1024 } };
        await using var listener = new AmqpListener(settings);
        listener.Start();
        var parts = new List<byte[]> { RawFrames.Header, RawFrames.Open, RawFrames.Begin };
        for (uint handle = 0; handle < 3; handle++)
        {
            parts.Add(RawFrames.Frame(new Attach { Name = $"l{handle}", Handle = handle, Role = Role.Sender, Target = new Target { Address = "q" }, Source = new Source(), InitialDeliveryCount = 0 }));
        }

        var chunk = new byte[60_000];
        for (var frame = 0; frame < 10; frame++)
        {
            for (uint handle = 0; handle < 3; handle++)
            {
                parts.Add(RawFrames.Frame(new Transfer { Handle = handle, DeliveryId = frame == 0 ? handle : null, DeliveryTag = frame == 0 ? new byte[] { (byte)handle } : null, More = true }, payload: chunk));
            }
        }

        var answer = await RawFrames.PlayAsync(listener.LocalEndpoint.Port, parts.SelectMany(p => p).ToArray(), TimeSpan.FromSeconds(20));
        Assert.Equal(ErrorCondition.ResourceLimitExceeded, RawFrames.FindClose(answer)?.Error?.Condition);
    }
}
