using System.Text;
using Amqp.Framing;
using Amqp.Messaging;
using Amqp.Sasl;

namespace Amqp.Tests.EndToEnd;

public class ClientServerTests
{
    private static readonly CancellationToken Timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private static AmqpMessage Message(string text) => new()
    {
        Properties = new Properties { MessageId = text, ContentType = new AmqpSymbol("text/plain") },
        ApplicationProperties = new ApplicationProperties { Map = { ["n"] = 1u } },
        DataBody = [new Data(Encoding.UTF8.GetBytes(text))],
    };

    private static string Text(ReceivedDelivery delivery) => Encoding.UTF8.GetString(delivery.GetMessage().GetDataBody().Span);

    [Theory]
    [InlineData("ANONYMOUS")]
    [InlineData("PLAIN")]
    [InlineData("EXTERNAL")]
    [InlineData("MSSBCBS")]
    [InlineData(null)]
    public async Task Client_opens_a_connection_with_each_sasl_mechanism(string? mechanism)
    {
        await using var broker = new LoopbackBroker();
        var sasl = mechanism switch
        {
            "ANONYMOUS" => SaslProfile.Anonymous,
            "PLAIN" => SaslProfile.Plain("user", "secret"),
            "EXTERNAL" => SaslProfile.External,
            "MSSBCBS" => SaslProfile.MsSbCbs,
            _ => null,
        };
        await using var connection = await AmqpConnection.ConnectAsync(broker.Address, new AmqpConnectionSettings { Sasl = sasl, ContainerId = "client-1" }, Timeout);
        Assert.NotNull(connection.RemoteOpen.ContainerId);
        var session = await connection.BeginSessionAsync(null, Timeout);
        Assert.NotNull(session.RemoteChannel);
    }

    [Fact]
    public async Task Plain_credentials_are_checked_by_the_server()
    {
        await using var broker = new LoopbackBroker(s => s.Sasl!.Authenticate = a => a.Password == "right" ? SaslCode.Ok : SaslCode.Auth);
        var error = await Assert.ThrowsAsync<AmqpException>(() =>
            AmqpConnection.ConnectAsync(broker.Address, new AmqpConnectionSettings { Sasl = SaslProfile.Plain("u", "wrong") }, Timeout));
        Assert.Equal(ErrorCondition.UnauthorizedAccess, error.Condition);
        await using var ok = await AmqpConnection.ConnectAsync(broker.Address, new AmqpConnectionSettings { Sasl = SaslProfile.Plain("u", "right") }, Timeout);
    }

    [Theory]
    [InlineData(SenderSettleMode.Settled, ReceiverSettleMode.First)]
    [InlineData(SenderSettleMode.Unsettled, ReceiverSettleMode.First)]
    [InlineData(SenderSettleMode.Mixed, ReceiverSettleMode.First)]
    [InlineData(SenderSettleMode.Unsettled, ReceiverSettleMode.Second)]
    public async Task Messages_flow_from_client_through_server_back_to_client_in_every_settlement_mode(SenderSettleMode senderMode, ReceiverSettleMode receiverMode)
    {
        await using var broker = new LoopbackBroker();
        await using var connection = await AmqpConnection.ConnectAsync(broker.Address, new AmqpConnectionSettings { Sasl = SaslProfile.Anonymous }, Timeout);
        var session = await connection.BeginSessionAsync(null, Timeout);
        var sender = await session.AttachSenderAsync(new AmqpLinkSettings { Target = new Target { Address = "q" }, SenderSettleMode = senderMode }, Timeout);
        Assert.Equal(1024ul * 1024, sender.RemoteAttach!.MaxMessageSize);
        var receiver = await session.AttachReceiverAsync(new AmqpLinkSettings { Source = new Source { Address = "q" }, ReceiverSettleMode = receiverMode, SenderSettleMode = SenderSettleMode.Unsettled, Credit = 50 }, Timeout);

        const int count = 500;
        var sends = new List<Task<DeliveryState?>>();
        for (var i = 0; i < count; i++)
        {
            sends.Add(sender.SendAsync(Message($"m{i}"), new SendOptions { Settled = i % 2 == 0 }, Timeout).AsTask());
        }

        var outcomes = await Task.WhenAll(sends);
        if (senderMode == SenderSettleMode.Unsettled)
        {
            Assert.All(outcomes, o => Assert.IsType<Accepted>(o));
        }

        for (var i = 0; i < count; i++)
        {
            var delivery = await receiver.ReceiveAsync(Timeout);
            Assert.NotNull(delivery);
            Assert.Equal($"m{i}", Text(delivery));
            Assert.Equal(1u, delivery.GetMessage().ApplicationProperties!["n"]);
            var settledWith = await receiver.AcceptAsync(delivery, Timeout);
            Assert.IsType<Accepted>(settledWith);
            Assert.True(delivery.IsSettled);
        }
    }

    [Fact]
    public async Task Messages_larger_than_the_frame_size_travel_as_multi_frame_transfers_both_ways()
    {
        await using var broker = new LoopbackBroker(s => s.Connection.MaxFrameSize = 4096);
        await using var connection = await AmqpConnection.ConnectAsync(broker.Address, new AmqpConnectionSettings { MaxFrameSize = 2048 }, Timeout);
        var session = await connection.BeginSessionAsync(null, Timeout);
        var sender = await session.AttachSenderAsync(new AmqpLinkSettings { Target = new Target { Address = "big" } }, Timeout);
        var receiver = await session.AttachReceiverAsync(new AmqpLinkSettings { Source = new Source { Address = "big" } }, Timeout);
        var body = new byte[200_000];
        new Random(1).NextBytes(body);
        Assert.IsType<Accepted>(await sender.SendAsync(AmqpMessage.FromData(body), Timeout));
        var delivery = await receiver.ReceiveAsync(Timeout);
        Assert.Equal(body, delivery!.GetMessage().GetDataBody().ToArray());
        await receiver.AcceptAsync(delivery, Timeout);
    }

    [Fact]
    public async Task A_message_above_the_links_max_message_size_closes_the_link_with_message_size_exceeded()
    {
        await using var broker = new LoopbackBroker(s => s.Connection.MaxFrameSize = 4096);
        await using var connection = await AmqpConnection.ConnectAsync(broker.Address, new AmqpConnectionSettings(), Timeout);
        var session = await connection.BeginSessionAsync(null, Timeout);
        var sender = await session.AttachSenderAsync(new AmqpLinkSettings { Target = new Target { Address = "big" } }, Timeout);
        var send = sender.SendAsync(AmqpMessage.FromData(new byte[2 * 1024 * 1024]), Timeout).AsTask();
        var error = await Assert.ThrowsAsync<AmqpException>(() => send);
        Assert.Equal(ErrorCondition.MessageSizeExceeded, error.Condition);
        await sender.Closed.WaitAsync(Timeout);
        Assert.False(connection.IsClosed);
    }

    [Fact]
    public async Task Drain_returns_unused_credit_and_advances_the_delivery_count()
    {
        await using var broker = new LoopbackBroker();
        await using var connection = await AmqpConnection.ConnectAsync(broker.Address, new AmqpConnectionSettings(), Timeout);
        var session = await connection.BeginSessionAsync(null, Timeout);
        var receiver = await session.AttachReceiverAsync(new AmqpLinkSettings { Source = new Source { Address = "empty" }, Credit = 10, AutoRefillCredit = false }, Timeout);
        Assert.Equal(10u, receiver.Credit);
        await receiver.DrainAsync(Timeout);
        Assert.Equal(0u, receiver.Credit);
    }

    [Fact]
    public async Task A_refused_attach_fails_with_the_servers_error()
    {
        await using var broker = new LoopbackBroker();
        broker.Refuse = r => new Error(ErrorCondition.NotFound, "The messaging entity 'nope' could not be found.");
        await using var connection = await AmqpConnection.ConnectAsync(broker.Address, new AmqpConnectionSettings(), Timeout);
        var session = await connection.BeginSessionAsync(null, Timeout);
        var error = await Assert.ThrowsAsync<AmqpException>(() => session.AttachSenderAsync(new AmqpLinkSettings { Target = new Target { Address = "nope" } }, Timeout));
        Assert.Equal(ErrorCondition.NotFound, error.Condition);
        Assert.Contains("could not be found", error.Error.Description);
        broker.Refuse = null;
        var retry = await session.AttachReceiverAsync(new AmqpLinkSettings { Source = new Source { Address = "x" } }, Timeout);
        Assert.False(retry.IsClosed);
    }

    [Fact]
    public async Task The_server_sees_the_clients_attach_fields_and_the_client_sees_the_reply()
    {
        await using var broker = new LoopbackBroker();
        await using var connection = await AmqpConnection.ConnectAsync(broker.Address, new AmqpConnectionSettings(), Timeout);
        var session = await connection.BeginSessionAsync(null, Timeout);
        var props = new AmqpMap { [new AmqpSymbol("com.microsoft:timeout")] = 60000u };
        var sender = await session.AttachSenderAsync(new AmqpLinkSettings { Name = "link-a", Target = new Target { Address = "/q1" }, Properties = props }, Timeout);
        var seen = Assert.Single(broker.Attaches);
        Assert.Equal("link-a", seen.Name);
        Assert.Equal(60000u, seen.Properties![new AmqpSymbol("com.microsoft:timeout")]);
        Assert.Equal(Role.Receiver, sender.RemoteAttach!.Role);
        await sender.CloseAsync(cancellationToken: Timeout);
        Assert.True(sender.IsClosed);
        Assert.Null(sender.Error);
    }

    [Fact]
    public async Task Closing_with_an_error_tells_the_peer()
    {
        var opened = new TaskCompletionSource<AmqpConnection>();
        await using var broker = new LoopbackBroker(s => s.ConnectionOpened = c => opened.TrySetResult(c));
        var connection = await AmqpConnection.ConnectAsync(broker.Address, new AmqpConnectionSettings(), Timeout);
        var serverSide = await opened.Task.WaitAsync(Timeout);
        await connection.CloseAsync(new Error(ErrorCondition.ConnectionForced, "bye"), Timeout);
        await serverSide.Closed.WaitAsync(Timeout);
        Assert.Equal("bye", serverSide.Error!.Description);
    }

    [Fact]
    public async Task A_peer_that_vanishes_fails_pending_operations_instead_of_hanging()
    {
        var opened = new TaskCompletionSource<AmqpConnection>();
        await using var broker = new LoopbackBroker(s => s.ConnectionOpened = c => opened.TrySetResult(c));
        await using var connection = await AmqpConnection.ConnectAsync(broker.Address, new AmqpConnectionSettings(), Timeout);
        var serverSide = await opened.Task.WaitAsync(Timeout);
        var session = await connection.BeginSessionAsync(null, Timeout);
        var receiver = await session.AttachReceiverAsync(new AmqpLinkSettings { Source = new Source { Address = "nothing" } }, Timeout);
        var pending = receiver.ReceiveAsync(Timeout).AsTask();
        // Drop the server's socket without a close frame.
        var stream = (Stream)typeof(AmqpConnection).GetField("_stream", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(serverSide)!;
        stream.Dispose();
        await connection.Closed.WaitAsync(Timeout);
        await Assert.ThrowsAsync<AmqpException>(() => pending);
        Assert.Equal(ErrorCondition.ConnectionForced, connection.Error!.Condition);
    }

    [Fact]
    public async Task Heartbeats_keep_an_idle_connection_open()
    {
        // Both sides would drop the connection after 2 s of silence; nothing but heartbeats flows for 5 s.
        await using var broker = new LoopbackBroker(s => s.Connection.IdleTimeout = TimeSpan.FromSeconds(2));
        await using var connection = await AmqpConnection.ConnectAsync(broker.Address, new AmqpConnectionSettings { IdleTimeout = TimeSpan.FromSeconds(2) }, Timeout);
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.False(connection.IsClosed);
        var session = await connection.BeginSessionAsync(null, Timeout);
        Assert.NotNull(session.RemoteChannel);
    }

    [Fact]
    public async Task Server_settles_peek_lock_dispositions_with_its_own_state()
    {
        var attached = new TaskCompletionSource<SenderLink>();
        var listenerSettings = new AmqpListenerSettings
        {
            LinkAttaching = r =>
            {
                var link = r.Accept();
                if (link is SenderLink s)
                {
                    s.DispositionReceived = (d, state) => s.Settle(d, new Modified { DeliveryFailed = true });
                    attached.SetResult(s);
                }
            },
        };
        await using var listener = new AmqpListener(listenerSettings);
        listener.Start();
        await using var connection = await AmqpConnection.ConnectAsync(new Uri($"amqp://127.0.0.1:{listener.LocalEndpoint.Port}"), new AmqpConnectionSettings(), Timeout);
        var session = await connection.BeginSessionAsync(null, Timeout);
        var receiver = await session.AttachReceiverAsync(new AmqpLinkSettings { Source = new Source { Address = "q" }, ReceiverSettleMode = ReceiverSettleMode.Second, SenderSettleMode = SenderSettleMode.Unsettled }, Timeout);
        var serverSender = await attached.Task.WaitAsync(Timeout);
        var sent = serverSender.SendAsync(Message("lock"), Timeout).AsTask();
        var delivery = await receiver.ReceiveAsync(Timeout);
        var finalState = await receiver.AcceptAsync(delivery!, Timeout);
        Assert.IsType<Modified>(finalState);
        Assert.IsType<Modified>(await sent);
    }

    [Fact]
    public async Task A_client_that_gives_up_on_an_unanswered_attach_withdraws_it_and_the_connection_stays_usable()
    {
        LinkAttachRequest? held = null;
        await using var listener = new AmqpListener(new AmqpListenerSettings
        {
            LinkAttaching = request =>
            {
                if (request.Remote.Name == "slow")
                {
                    held = request;
                    return;
                }

                request.Accept();
            },
        });
        listener.Start();
        await using var connection = await AmqpConnection.ConnectAsync(new Uri($"amqp://127.0.0.1:{listener.LocalEndpoint.Port}"), new AmqpConnectionSettings(), Timeout);
        var session = await connection.BeginSessionAsync(null, Timeout);
        await Assert.ThrowsAsync<TimeoutException>(() => session.AttachReceiverAsync(new AmqpLinkSettings { Name = "slow", Source = new Source { Address = "s" }, AttachTimeout = TimeSpan.FromMilliseconds(300) }, Timeout));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (held?.IsWithdrawn != true && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(held!.IsWithdrawn);
        Assert.Throws<AmqpException>(() => held.Accept());
        var next = await session.AttachReceiverAsync(new AmqpLinkSettings { Name = "fast", Source = new Source { Address = "s" } }, Timeout);
        Assert.False(next.IsClosed);
        Assert.False(connection.IsClosed);
    }
}
