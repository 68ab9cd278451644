using System.Net;
using System.Net.Sockets;
using Amqp.Framing;
using Amqp.Messaging;
using Amqp.Tests.HostileInput;

namespace Amqp.Tests.EndToEnd;

public class FlowControlTests
{
    private static readonly CancellationToken Timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task A_small_session_window_on_the_server_paces_the_sender_without_losing_messages()
    {
        await using var broker = new LoopbackBroker(s => s.Session.IncomingWindow = 4);
        await using var connection = await AmqpConnection.ConnectAsync(broker.Address, new AmqpConnectionSettings(), Timeout);
        var session = await connection.BeginSessionAsync(new AmqpSessionSettings { IncomingWindow = 6 }, Timeout);
        var sender = await session.AttachSenderAsync(new AmqpLinkSettings { Target = new Target { Address = "w" } }, Timeout);
        var receiver = await session.AttachReceiverAsync(new AmqpLinkSettings { Source = new Source { Address = "w" }, Credit = 3 }, Timeout);
        var sends = Enumerable.Range(0, 300).Select(i => sender.SendAsync(AmqpMessage.FromValue(i), Timeout).AsTask()).ToArray();
        Assert.All(await Task.WhenAll(sends), o => Assert.IsType<Accepted>(o));
        for (var i = 0; i < 300; i++)
        {
            var delivery = await receiver.ReceiveAsync(Timeout);
            Assert.Equal(i, delivery!.GetMessage().ValueBody!.Value);
            await receiver.AcceptAsync(delivery, Timeout);
        }
    }

    [Fact]
    public async Task The_batched_message_format_reaches_the_server_untouched()
    {
        uint? seenFormat = null;
        ReadOnlyMemory<byte> seenPayload = default;
        var arrived = new TaskCompletionSource();
        await using var listener = new AmqpListener(new AmqpListenerSettings
        {
            LinkAttaching = request =>
            {
                var receiver = (ReceiverLink)request.Accept();
                _ = Task.Run(async () =>
                {
                    var delivery = await receiver.ReceiveAsync();
                    seenFormat = delivery!.MessageFormat;
                    seenPayload = delivery.Payload;
                    await receiver.AcceptAsync(delivery);
                    arrived.SetResult();
                });
            },
        });
        listener.Start();
        await using var connection = await AmqpConnection.ConnectAsync(new Uri($"amqp://127.0.0.1:{listener.LocalEndpoint.Port}"), new AmqpConnectionSettings(), Timeout);
        var session = await connection.BeginSessionAsync(null, Timeout);
        var sender = await session.AttachSenderAsync(new AmqpLinkSettings { Target = new Target { Address = "q" } }, Timeout);
        using var inner = new AmqpWriter();
        AmqpMessage.FromData(new byte[] { 1 }).Encode(inner);
        var batch = new AmqpMessage { DataBody = [new Data(inner.WrittenSpan.ToArray()), new Data(inner.WrittenSpan.ToArray())] };
        using var encoded = new AmqpWriter();
        batch.Encode(encoded);
        await sender.SendAsync(encoded.WrittenMemory, new SendOptions { MessageFormat = 0x80013700 }, Timeout);
        await arrived.Task.WaitAsync(Timeout);
        Assert.Equal(0x80013700u, seenFormat);
        Assert.Equal(2, AmqpMessage.Decode(seenPayload).DataBody!.Count);
    }

    [Fact]
    public async Task A_server_that_falls_silent_is_dropped_after_our_idle_time_out()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var serve = Task.Run(async () =>
        {
            using var socket = await server.AcceptSocketAsync();
            var buffer = new byte[4096];
            await socket.ReceiveAsync(buffer);
            await socket.SendAsync(RawFrames.Header.Concat(RawFrames.Frame(new Open { ContainerId = "silent" })).ToArray());
            // Never send another byte, not even a heartbeat.
            while (await socket.ReceiveAsync(buffer) > 0)
            {
            }
        });
        var settings = new AmqpConnectionSettings { IdleTimeout = TimeSpan.FromMilliseconds(300) };
        await using var connection = await AmqpConnection.ConnectAsync(new Uri($"amqp://127.0.0.1:{((IPEndPoint)server.LocalEndpoint).Port}"), settings, Timeout);
        await connection.Closed.WaitAsync(Timeout);
        Assert.Equal(ErrorCondition.ResourceLimitExceeded, connection.Error!.Condition);
        await serve.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Many_sessions_and_links_on_one_connection_work_independently()
    {
        await using var broker = new LoopbackBroker();
        await using var connection = await AmqpConnection.ConnectAsync(broker.Address, new AmqpConnectionSettings(), Timeout);
        var work = Enumerable.Range(0, 20).Select(async i =>
        {
            var session = await connection.BeginSessionAsync(null, Timeout);
            var sender = await session.AttachSenderAsync(new AmqpLinkSettings { Target = new Target { Address = $"q{i}" } }, Timeout);
            var receiver = await session.AttachReceiverAsync(new AmqpLinkSettings { Source = new Source { Address = $"q{i}" } }, Timeout);
            for (var n = 0; n < 50; n++)
            {
                await sender.SendAsync(AmqpMessage.FromValue($"{i}:{n}"), Timeout);
            }

            for (var n = 0; n < 50; n++)
            {
                var delivery = await receiver.ReceiveAsync(Timeout);
                Assert.Equal($"{i}:{n}", delivery!.GetMessage().ValueBody!.Value);
                await receiver.AcceptAsync(delivery, Timeout);
            }

            await sender.CloseAsync(cancellationToken: Timeout);
            await receiver.CloseAsync(cancellationToken: Timeout);
            await session.EndAsync(cancellationToken: Timeout);
        });
        await Task.WhenAll(work);
        Assert.False(connection.IsClosed);
    }
}
