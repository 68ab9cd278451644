using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Tests.Support;

namespace ServiceBusEmulator.Tests.Broker;

public class SessionTests
{
    private const string Queue = "sessions";
    private readonly MessageBroker _broker;
    private readonly ManualTimeProvider _clock;

    public SessionTests()
    {
        (_broker, _clock) = TestBroker.Create(
            TestBroker.Queue(Queue, new EntityProperties { RequiresSession = true, LockDuration = TimeSpan.FromSeconds(30), MaxDeliveryCount = 5 }));
    }

    private Task Send(string sessionId, params string[] bodies) =>
        _broker.SendAsync(Queue, bodies.Select(b => Messages.Text(b, sessionId: sessionId)).ToList()).AsTask();

    private async Task<BrokerReceiver> Accept(string? sessionId, TimeSpan? timeout = null) =>
        (await _broker.AcceptSessionAsync(Queue, sessionId, ReceiveMode.PeekLock, timeout ?? TimeSpan.Zero)).Ok();

    [Fact]
    public async Task Session_receiver_gets_only_its_session_in_order()
    {
        await Send("a", "a1", "a2");
        await Send("b", "b1");
        await Send("a", "a3");
        using var receiver = await Accept("a");

        var messages = receiver.TryReceive(10).Ok();

        Assert.Equal("a", receiver.SessionId);
        Assert.Equal(["a1", "a2", "a3"], messages.Select(Messages.BodyOf));
        Assert.All(messages, m => Assert.Equal(receiver.SessionLockedUntil, m.LockedUntil));
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(30), receiver.SessionLockedUntil);
    }

    [Fact]
    public async Task Session_locked_by_another_receiver_cannot_be_locked()
    {
        await Send("a", "a1");
        using var first = await Accept("a");

        var second = await _broker.AcceptSessionAsync(Queue, "a", ReceiveMode.PeekLock, TimeSpan.Zero);

        second.Fails(BrokerCondition.SessionCannotBeLocked);
    }

    [Fact]
    public async Task Next_available_session_skips_locked_sessions_and_picks_the_oldest_message()
    {
        await Send("a", "a1");
        await Send("b", "b1");
        await Send("c", "c1");
        using var a = await Accept("a");

        using var next = await Accept(null);

        Assert.Equal("b", next.SessionId);
    }

    [Fact]
    public async Task Next_available_session_times_out_when_none_has_messages()
    {
        var accepting = _broker.AcceptSessionAsync(Queue, null, ReceiveMode.PeekLock, TimeSpan.FromSeconds(5)).AsTask();
        Assert.False(accepting.IsCompleted);

        _clock.Advance(TimeSpan.FromSeconds(5));

        (await accepting.WaitAsync(TimeSpan.FromSeconds(10))).Fails(BrokerCondition.Timeout);
    }

    [Fact]
    public async Task Next_available_session_waits_for_a_session_to_arrive()
    {
        var accepting = _broker.AcceptSessionAsync(Queue, null, ReceiveMode.PeekLock, TimeSpan.FromMinutes(1)).AsTask();
        Assert.False(accepting.IsCompleted);

        await Send("late", "x");

        using var receiver = (await accepting.WaitAsync(TimeSpan.FromSeconds(10))).Ok();
        Assert.Equal("late", receiver.SessionId);
    }

    [Fact]
    public async Task Closing_the_receiver_releases_the_session_and_its_unsettled_messages()
    {
        await Send("a", "a1");
        var first = await Accept("a");
        first.Single();

        first.Dispose();
        using var second = await Accept("a");

        var message = second.Single();
        Assert.Equal(1, message.DeliveryCount);
    }

    [Fact]
    public async Task Session_lock_expiry_loses_the_session_and_its_message_locks()
    {
        await Send("a", "a1");
        using var receiver = await Accept("a");
        var message = receiver.Single();

        _clock.Advance(TimeSpan.FromSeconds(31));

        (await _broker.CompleteAsync(Queue, message.LockToken)).Fails(BrokerCondition.MessageLockLost);
        receiver.TryReceive(1).Fails(BrokerCondition.SessionLockLost);
        using var other = await Accept("a");
        Assert.Equal(1, other.Single().DeliveryCount);
    }

    [Fact]
    public async Task Renew_session_lock_keeps_the_session_and_message_locks()
    {
        await Send("a", "a1");
        using var receiver = await Accept("a");
        var message = receiver.Single();
        _clock.Advance(TimeSpan.FromSeconds(20));

        var lockedUntil = _broker.RenewSessionLock(Queue, "a").Ok();
        _clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(lockedUntil, receiver.SessionLockedUntil);
        (await _broker.CompleteAsync(Queue, message.LockToken)).Ok();
    }

    [Fact]
    public async Task Session_state_is_stored_and_cleared()
    {
        using var receiver = await Accept("a");

        (await _broker.SetSessionStateAsync(Queue, "a", [1, 2, 3])).Ok();
        Assert.Equal([1, 2, 3], _broker.GetSessionState(Queue, "a").Ok());
        (await _broker.SetSessionStateAsync(Queue, "a", null)).Ok();

        Assert.Null(_broker.GetSessionState(Queue, "a").Ok());
    }

    [Fact]
    public async Task Session_state_survives_releasing_the_session()
    {
        var receiver = await Accept("a");
        await _broker.SetSessionStateAsync(Queue, "a", [9]);
        receiver.Dispose();

        using var again = await Accept("a");

        Assert.Equal([9], _broker.GetSessionState(Queue, "a").Ok());
    }

    [Fact]
    public void Session_operations_without_the_session_lock_report_session_lock_lost()
    {
        _broker.GetSessionState(Queue, "nobody").Fails(BrokerCondition.SessionLockLost);
        _broker.RenewSessionLock(Queue, "nobody").Fails(BrokerCondition.SessionLockLost);
    }

    [Fact]
    public async Task Peek_with_a_session_id_shows_only_that_session()
    {
        await Send("a", "a1");
        await Send("b", "b1");

        Assert.Equal(["b1"], _broker.Peek(Queue, 0, 10, "b").Ok().Select(Messages.BodyOf));
    }

    [Fact]
    public async Task Dead_letter_queue_of_a_session_queue_is_read_without_a_session()
    {
        await Send("a", "a1");
        using var receiver = await Accept("a");
        await _broker.DeadLetterAsync(Queue, receiver.Single().LockToken, "bad");

        using var deadLetters = _broker.CreateReceiver(Queue + "/$DeadLetterQueue", ReceiveMode.PeekLock).Ok();

        var dead = deadLetters.Single();
        Assert.Equal("a", dead.SessionId);
        Assert.Equal("bad", dead.DeadLetterReason);
    }

    [Fact]
    public async Task Session_subscription_groups_topic_messages_by_session()
    {
        var (broker, _) = TestBroker.Create(new EmulatorConfiguration
        {
            Topics =
            [
                new TopicDefinition("t") { Subscriptions = [new SubscriptionDefinition("s") { Properties = new EntityProperties { RequiresSession = true } }] },
            ],
        });
        (await broker.SendAsync("t", Messages.Text("no session"))).Fails(BrokerCondition.NotAllowed);
        await broker.SendAsync("t", [Messages.Text("x1", sessionId: "x"), Messages.Text("y1", sessionId: "y"), Messages.Text("x2", sessionId: "x")]);

        using var receiver = (await broker.AcceptSessionAsync("t/Subscriptions/s", "x", ReceiveMode.ReceiveAndDelete, TimeSpan.Zero)).Ok();

        Assert.Equal(["x1", "x2"], receiver.TryReceive(10).Ok().Select(Messages.BodyOf));
    }

    [Fact]
    public async Task Message_lock_renewal_is_refused_for_session_messages()
    {
        await Send("a", "a1");
        using var receiver = await Accept("a");

        _broker.RenewLock(Queue, [receiver.Single().LockToken]).Fails(BrokerCondition.NotAllowed);
    }
}
