using Amqp.Framing;
using Amqp.Sasl;
using Amqp.Tests.EndToEnd;

namespace Amqp.Tests.Interop;

/// <summary>
/// Our engine against an independent .NET AMQP 1.0 stack, in both roles, over real sockets on 127.0.0.1: our client
/// against the library's listener (a queue broker built on it), and the library's client against our listener
/// (<see cref="LoopbackBroker"/>). Each scenario runs once per library (one subclass each). Frames are capped at
/// 4 KB on both sides, so the 300 KB sample travels as a multi-frame transfer in both directions.
/// </summary>
public abstract class PeerInteropTests<TPeer> where TPeer : IInteropPeer, new()
{
    private const uint SmallFrames = 4096;
    private const int Volume = 500;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TPeer _peer = new();
    private readonly CancellationToken _cancel = new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token;

    // ---- Our client against their listener ----

    [Theory]
    [InlineData("ANONYMOUS")]
    [InlineData("PLAIN")]
    public async Task Our_client_authenticates_to_their_listener(string mechanism)
    {
        await using var broker = await _peer.StartBrokerAsync(SmallFrames);
        var sasl = mechanism == "PLAIN" ? SaslProfile.Plain(InteropSasl.User, InteropSasl.Secret) : SaslProfile.Anonymous;
        await using var connection = await ConnectOursAsync(broker, sasl);
        var sender = await AttachOurSenderAsync(connection, "sasl", settled: false);
        Assert.Equal(InteropOutcome.Accepted, OurEngineMessages.FromOurs(await sender.SendAsync(OurEngineMessages.ToOurs(InteropMessage.Numbered(0)), _cancel)));
    }

    [Fact]
    public async Task Their_listener_refuses_our_client_with_a_wrong_password()
    {
        await using var broker = await _peer.StartBrokerAsync(SmallFrames);
        var refused = await Assert.ThrowsAsync<AmqpException>(() => ConnectOursAsync(broker, SaslProfile.Plain(InteropSasl.User, "wrong")));
        Assert.Equal(ErrorCondition.UnauthorizedAccess, refused.Condition);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Every_section_and_a_multi_frame_message_cross_their_listener_from_our_client_and_back(bool settled)
    {
        await using var broker = await _peer.StartBrokerAsync(SmallFrames);
        await using var connection = await ConnectOursAsync(broker, SaslProfile.Anonymous);
        var sender = await AttachOurSenderAsync(connection, "sections", settled);
        var messages = InteropMessage.Samples("ours").Concat(Enumerable.Range(0, Volume).Select(i => InteropMessage.Numbered(i))).ToList();
        var sends = messages.Select(m => sender.SendAsync(OurEngineMessages.ToOurs(m), _cancel).AsTask()).ToList();
        var outcomes = await Task.WhenAll(sends);
        if (!settled)
        {
            Assert.All(outcomes, outcome => Assert.Equal(InteropOutcome.Accepted, OurEngineMessages.FromOurs(outcome)));
        }

        var receiver = await sender.Session.AttachReceiverAsync(new AmqpLinkSettings
        {
            Source = new Source { Address = "sections" },
            SenderSettleMode = settled ? SenderSettleMode.Settled : SenderSettleMode.Unsettled,
            Credit = 50,
        }, _cancel);
        foreach (var expected in messages)
        {
            var delivery = await receiver.ReceiveAsync(_cancel);
            Assert.Equal(settled, delivery!.IsSettledBySender);
            Assert.Equal(expected.Describe(), OurEngineMessages.FromOurs(delivery.GetMessage()).Describe());
            if (!settled)
            {
                await receiver.AcceptAsync(delivery, _cancel);
            }
        }
    }

    [Fact]
    public async Task Their_listeners_outcomes_reach_our_sender()
    {
        await using var broker = await _peer.StartBrokerAsync(SmallFrames);
        await using var connection = await ConnectOursAsync(broker, SaslProfile.Anonymous);
        foreach (var outcome in InteropOutcome.All)
        {
            var sender = await AttachOurSenderAsync(connection, InteropOutcome.AddressFor(outcome), settled: false);
            var state = await sender.SendAsync(OurEngineMessages.ToOurs(InteropMessage.Numbered(1)), _cancel);
            Assert.Equal(outcome, OurEngineMessages.FromOurs(state));
        }
    }

    [Fact]
    public async Task Our_receivers_outcomes_reach_their_listener()
    {
        await using var broker = await _peer.StartBrokerAsync(SmallFrames);
        await using var connection = await ConnectOursAsync(broker, SaslProfile.Anonymous);
        var sender = await AttachOurSenderAsync(connection, "settle", settled: false);
        for (var i = 0; i < InteropOutcome.All.Count; i++)
        {
            await sender.SendAsync(OurEngineMessages.ToOurs(InteropMessage.Numbered(i)), _cancel);
        }

        var receiver = await sender.Session.AttachReceiverAsync(new AmqpLinkSettings { Source = new Source { Address = "settle" }, SenderSettleMode = SenderSettleMode.Unsettled }, _cancel);
        for (var i = 0; i < InteropOutcome.All.Count; i++)
        {
            var delivery = await receiver.ReceiveAsync(_cancel);
            await receiver.SettleAsync(delivery!, OurEngineMessages.ToOurs(InteropOutcome.All[i]), _cancel);
        }

        for (var i = 0; i < InteropOutcome.All.Count; i++)
        {
            await broker.Events.WaitForAsync($"disposition m{i}: {InteropOutcome.All[i]}", Timeout);
        }
    }

    [Fact]
    public async Task Their_listener_sends_no_more_than_our_credit_and_answers_our_drain()
    {
        await using var broker = await _peer.StartBrokerAsync(SmallFrames);
        await using var connection = await ConnectOursAsync(broker, SaslProfile.Anonymous);
        var sender = await AttachOurSenderAsync(connection, "credit", settled: false);
        for (var i = 0; i < 10; i++)
        {
            await sender.SendAsync(OurEngineMessages.ToOurs(InteropMessage.Numbered(i)), _cancel);
        }

        var receiver = await sender.Session.AttachReceiverAsync(new AmqpLinkSettings { Source = new Source { Address = "credit" }, Credit = 3, AutoRefillCredit = false }, _cancel);
        await ExpectOursAsync(receiver, 0, 3);

        // Four more credit, drained: the broker has seven, so it sends four and answers the drain after them.
        receiver.SetCredit(4, autoRefill: false);
        await receiver.DrainAsync(_cancel).WaitAsync(Timeout);
        ExpectBuffered(receiver, 3, 4);
        Assert.Equal(0u, receiver.Credit);

        // Ten credit, drained, with three left: the broker sends three and gives back the other seven.
        receiver.SetCredit(10, autoRefill: false);
        await receiver.DrainAsync(_cancel).WaitAsync(Timeout);
        ExpectBuffered(receiver, 7, 3);
        Assert.Equal(0u, receiver.Credit);
    }

    [Fact]
    public async Task Their_listeners_errors_reach_our_client()
    {
        await using var broker = await _peer.StartBrokerAsync(SmallFrames);
        await using var connection = await ConnectOursAsync(broker, SaslProfile.Anonymous);
        var session = await connection.BeginSessionAsync(null, _cancel);

        var refused = await Assert.ThrowsAsync<AmqpException>(() => session.AttachSenderAsync(new AmqpLinkSettings { Target = new Target { Address = InteropAddresses.Missing } }, _cancel));
        AssertSameError(InteropAddresses.NotFound, OurEngineMessages.FromOurs(refused.Error));

        var detached = await session.AttachReceiverAsync(new AmqpLinkSettings { Source = new Source { Address = InteropAddresses.DetachedByBroker } }, _cancel);
        await detached.Closed.WaitAsync(_cancel);
        AssertSameError(InteropAddresses.ResourceDeleted, OurEngineMessages.FromOurs(detached.Error));

        await session.AttachSenderAsync(new AmqpLinkSettings { Target = new Target { Address = InteropAddresses.ClosedByBroker } }, _cancel);
        await connection.Closed.WaitAsync(_cancel);
        AssertSameError(InteropAddresses.ConnectionForced, OurEngineMessages.FromOurs(connection.Error));
    }

    [Fact]
    public async Task Our_detach_end_and_close_reach_their_listener()
    {
        await using var broker = await _peer.StartBrokerAsync(SmallFrames);
        await using var connection = await ConnectOursAsync(broker, SaslProfile.Anonymous);
        var session = await connection.BeginSessionAsync(null, _cancel);
        var sender = await session.AttachSenderAsync(new AmqpLinkSettings { Name = "lifecycle-link", Target = new Target { Address = "lifecycle" } }, _cancel);

        await sender.CloseAsync(cancellationToken: _cancel);
        await broker.Events.WaitForAsync("detach lifecycle-link", Timeout);
        await session.EndAsync(cancellationToken: _cancel);
        await broker.Events.WaitForAsync("end", Timeout);
        await connection.CloseAsync(OurEngineMessages.ToOurs(InteropAddresses.ClosedByClient), _cancel);
        await broker.Events.WaitForAsync($"close {InteropAddresses.ClosedByClient.Condition}: {InteropAddresses.ClosedByClient.Description}", Timeout);
    }

    // ---- Their client against our listener ----

    [Theory]
    [InlineData("ANONYMOUS")]
    [InlineData("PLAIN")]
    public async Task Their_client_authenticates_to_our_listener(string mechanism)
    {
        var authentications = new List<string>();
        await using var broker = StartOurListener(authentications);
        await using var client = await _peer.ConnectAsync(broker.Address, InteropSasl.Named(mechanism));
        var sender = await client.AttachSenderAsync("sasl", settled: false);
        Assert.Equal(InteropOutcome.Accepted, await sender.SendAsync(InteropMessage.Numbered(0)));
        var expected = mechanism == "PLAIN" ? $"PLAIN {InteropSasl.User}: Ok" : "ANONYMOUS : Ok";
        lock (authentications)
        {
            Assert.Equal([expected], authentications);
        }
    }

    [Fact]
    public async Task Our_listener_refuses_their_client_with_a_wrong_password()
    {
        var authentications = new List<string>();
        await using var broker = StartOurListener(authentications);
        await Assert.ThrowsAnyAsync<Exception>(() => _peer.ConnectAsync(broker.Address, InteropSasl.Plain("wrong")));
        lock (authentications)
        {
            Assert.Equal([$"PLAIN {InteropSasl.User}: Auth"], authentications);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Every_section_and_a_multi_frame_message_cross_our_listener_from_their_client_and_back(bool settled)
    {
        await using var broker = StartOurListener();
        await using var client = await _peer.ConnectAsync(broker.Address, InteropSasl.Anonymous);
        var sender = await client.AttachSenderAsync("sections", settled);
        var messages = InteropMessage.Samples("theirs").Concat(Enumerable.Range(0, Volume).Select(i => InteropMessage.Numbered(i))).ToList();
        var outcomes = await Task.WhenAll(messages.Select(sender.SendAsync));
        Assert.All(outcomes, outcome => Assert.Equal(settled ? InteropOutcome.Settled : InteropOutcome.Accepted, outcome));

        var receiver = await client.AttachReceiverAsync("sections", settled, credit: 50);
        foreach (var expected in messages)
        {
            var delivery = await receiver.ReceiveAsync();
            Assert.Equal(expected.Describe(), delivery.Message.Describe());
            if (!settled)
            {
                await receiver.SettleAsync(delivery, InteropOutcome.Accepted);
            }
        }
    }

    [Fact]
    public async Task Our_listeners_outcomes_reach_their_sender()
    {
        await using var broker = StartOurListener();
        await using var client = await _peer.ConnectAsync(broker.Address, InteropSasl.Anonymous);
        foreach (var outcome in InteropOutcome.All)
        {
            var sender = await client.AttachSenderAsync(InteropOutcome.AddressFor(outcome), settled: false);
            Assert.Equal(outcome, await sender.SendAsync(InteropMessage.Numbered(1)));
        }
    }

    [Fact]
    public async Task Their_receivers_outcomes_reach_our_listener()
    {
        await using var broker = StartOurListener();
        await using var client = await _peer.ConnectAsync(broker.Address, InteropSasl.Anonymous);
        var sender = await client.AttachSenderAsync("settle", settled: false);
        for (var i = 0; i < InteropOutcome.All.Count; i++)
        {
            await sender.SendAsync(InteropMessage.Numbered(i));
        }

        var receiver = await client.AttachReceiverAsync("settle", settled: false, credit: 10);
        for (var i = 0; i < InteropOutcome.All.Count; i++)
        {
            var delivery = await receiver.ReceiveAsync();
            Assert.Equal($"m{i}", delivery.Message.MessageId);
            await receiver.SettleAsync(delivery, InteropOutcome.All[i]);
        }

        await WaitUntilAsync(() => broker.ReceiverOutcomes.Count == InteropOutcome.All.Count);
        var seen = broker.ReceiverOutcomes.ToDictionary(r => (string)r.Message.GetMessage().Properties!.MessageId!, r => OurEngineMessages.FromOurs(r.Outcome));
        for (var i = 0; i < InteropOutcome.All.Count; i++)
        {
            Assert.Equal(InteropOutcome.All[i], seen[$"m{i}"]);
        }
    }

    [Fact]
    public async Task Our_listener_sends_no_more_than_their_credit_and_honours_their_drain()
    {
        await using var broker = StartOurListener();
        await using var client = await _peer.ConnectAsync(broker.Address, InteropSasl.Anonymous);
        var sender = await client.AttachSenderAsync("credit", settled: false);
        for (var i = 0; i < 10; i++)
        {
            await sender.SendAsync(InteropMessage.Numbered(i));
        }

        var receiver = await client.AttachReceiverAsync("credit", settled: false, credit: 0);
        await WaitUntilAsync(() => broker.Links.OfType<SenderLink>().Any());
        var ourSender = broker.Links.OfType<SenderLink>().Single();
        var drainAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ourSender.FlowReceived = link =>
        {
            if (link.DrainRequested)
            {
                drainAsked.TrySetResult();
            }
        };
        receiver.GrantCredit(3);
        for (var i = 0; i < 3; i++)
        {
            var delivery = await receiver.ReceiveAsync();
            Assert.Equal($"m{i}", delivery.Message.MessageId);
            await receiver.SettleAsync(delivery, InteropOutcome.Accepted);
        }

        Assert.Equal(0u, ourSender.Credit);

        // Twenty credit, drained, with seven left: our listener sends seven and gives back the other thirteen.
        var drain = receiver.DrainAsync(20);
        for (var i = 3; i < 10; i++)
        {
            var delivery = await receiver.ReceiveAsync();
            Assert.Equal($"m{i}", delivery.Message.MessageId);
            await receiver.SettleAsync(delivery, InteropOutcome.Accepted);
        }

        await drainAsked.Task.WaitAsync(Timeout);
        await drain.WaitAsync(Timeout);
        await WaitUntilAsync(() => ourSender.Credit == 0);
    }

    [Fact]
    public async Task Our_listeners_errors_reach_their_client()
    {
        await using var broker = StartOurListener();
        await using var client = await _peer.ConnectAsync(broker.Address, InteropSasl.Anonymous);

        var refused = await Assert.ThrowsAsync<InteropError>(() => client.AttachSenderAsync(InteropAddresses.Missing, settled: false));
        AssertSameError(InteropAddresses.NotFound, refused);

        var detached = await client.AttachSenderAsync(InteropAddresses.DetachedByBroker, settled: false);
        AssertSameError(InteropAddresses.ResourceDeleted, await detached.DetachedByPeer.WaitAsync(Timeout));

        await client.AttachSenderAsync(InteropAddresses.ClosedByBroker, settled: false);
        AssertSameError(InteropAddresses.ConnectionForced, await client.ClosedByPeer.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Their_detach_end_and_close_reach_our_listener()
    {
        var opened = new TaskCompletionSource<AmqpConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var broker = StartOurListener(configure: s => s.ConnectionOpened = c => opened.TrySetResult(c));
        await using var client = await _peer.ConnectAsync(broker.Address, InteropSasl.Anonymous);
        var serverConnection = await opened.Task.WaitAsync(Timeout);
        var sender = await client.AttachSenderAsync("lifecycle", settled: false);
        var ourEnd = Assert.Single(broker.Links);

        await sender.DetachAsync();
        await ourEnd.Closed.WaitAsync(Timeout);
        Assert.Null(ourEnd.Error);
        await client.EndSessionAsync();
        await ourEnd.Session.Ended.WaitAsync(Timeout);
        Assert.Null(ourEnd.Session.Error);
        await client.CloseAsync(InteropAddresses.ClosedByClient);
        await serverConnection.Closed.WaitAsync(Timeout);
        AssertSameError(InteropAddresses.ClosedByClient, OurEngineMessages.FromOurs(serverConnection.Error));
    }

    // ---- Shared steps ----

    private Task<AmqpConnection> ConnectOursAsync(IPeerBroker broker, SaslProfile sasl) =>
        AmqpConnection.ConnectAsync(broker.Address, new AmqpConnectionSettings { Sasl = sasl, MaxFrameSize = SmallFrames }, _cancel);

    private async Task<SenderLink> AttachOurSenderAsync(AmqpConnection connection, string address, bool settled)
    {
        var session = await connection.BeginSessionAsync(null, _cancel);
        return await session.AttachSenderAsync(new AmqpLinkSettings
        {
            Target = new Target { Address = address },
            SenderSettleMode = settled ? SenderSettleMode.Settled : SenderSettleMode.Unsettled,
        }, _cancel);
    }

    /// <summary>
    /// Our listener as the counterpart of <see cref="IInteropPeer.StartBrokerAsync"/>: the same queues, outcomes,
    /// address rules and SASL mechanisms; every sasl-init is recorded as <c>{mechanism} {user}: {code}</c>.
    /// </summary>
    private static LoopbackBroker StartOurListener(List<string>? authentications = null, Action<AmqpListenerSettings>? configure = null) => new(settings =>
    {
        settings.Connection.MaxFrameSize = SmallFrames;
        settings.Sasl = new SaslServerSettings
        {
            Mechanisms = [SaslProfile.AnonymousName, SaslProfile.PlainName],
            AllowNoSasl = false,
            Authenticate = attempt =>
            {
                var code = attempt.Mechanism == SaslProfile.PlainName && (attempt.UserName != InteropSasl.User || attempt.Password != InteropSasl.Secret)
                    ? SaslCode.Auth
                    : SaslCode.Ok;
                if (authentications is not null)
                {
                    lock (authentications)
                    {
                        authentications.Add($"{attempt.Mechanism} {attempt.UserName}: {code}");
                    }
                }

                return code;
            },
        };
        configure?.Invoke(settings);
    })
    {
        OutcomeFor = address => OurEngineMessages.ToOurs(InteropOutcome.ForAddress(address)),
        Refuse = request => AddressOf(request) == InteropAddresses.Missing ? OurEngineMessages.ToOurs(InteropAddresses.NotFound) : null,
        LinkAccepted = (request, link) =>
        {
            // The attach reply goes out first; the detach or close follows it, off the reader loop.
            if (AddressOf(request) == InteropAddresses.DetachedByBroker)
            {
                _ = Task.Run(() => link.CloseAsync(OurEngineMessages.ToOurs(InteropAddresses.ResourceDeleted)));
            }
            else if (AddressOf(request) == InteropAddresses.ClosedByBroker)
            {
                _ = Task.Run(() => link.Session.Connection.CloseAsync(OurEngineMessages.ToOurs(InteropAddresses.ConnectionForced)));
            }
        },
    };

    private static string? AddressOf(LinkAttachRequest request) =>
        (request.IsSenderRequest ? request.Remote.Source?.Address : request.Remote.Target?.Address) as string;

    private async Task ExpectOursAsync(ReceiverLink receiver, int first, int count)
    {
        for (var i = first; i < first + count; i++)
        {
            var delivery = await receiver.ReceiveAsync(_cancel);
            Assert.Equal($"m{i}", delivery!.GetMessage().Properties!.MessageId);
            await receiver.AcceptAsync(delivery, _cancel);
        }
    }

    /// <summary>Exactly messages <paramref name="first"/> … are waiting in our receiver, and nothing after them.</summary>
    private static void ExpectBuffered(ReceiverLink receiver, int first, int count)
    {
        for (var i = first; i < first + count; i++)
        {
            Assert.True(receiver.TryReceive(out var delivery), $"m{i} had not arrived when the drain was answered.");
            Assert.Equal($"m{i}", delivery!.GetMessage().Properties!.MessageId);
        }

        Assert.False(receiver.TryReceive(out var extra), $"The broker sent {extra?.GetMessage().Properties?.MessageId} beyond the credit.");
    }

    private static void AssertSameError(InteropError expected, InteropError? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Condition, actual.Condition);
        Assert.Equal(expected.Description, actual.Description);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold in time.");
            await Task.Delay(20);
        }
    }
}
