using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Tests.Support;

namespace ServiceBusEmulator.Tests.Broker;

public class SendAndReceiveTests
{
    private readonly MessageBroker _broker;
    private readonly ManualTimeProvider _clock;

    public SendAndReceiveTests()
    {
        (_broker, _clock) = TestBroker.Create(
            TestBroker.Queue("q1"),
            TestBroker.Queue("small", new EntityProperties { MaxMessageSizeInBytes = 1024 }),
            TestBroker.Queue("sessions", new EntityProperties { RequiresSession = true }));
    }

    [Fact]
    public async Task Sent_message_is_received_with_broker_assigned_sequence_number_and_enqueued_time()
    {
        var outcome = Assert.Single((await _broker.SendAsync("q1", Messages.Text("hello", "m1"))).Ok());
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();

        var message = receiver.Single();

        Assert.Equal(1, outcome.SequenceNumber);
        Assert.Equal("hello", Messages.BodyOf(message));
        Assert.Equal("m1", message.MessageId);
        Assert.Equal(1, message.SequenceNumber);
        Assert.Equal(_clock.GetUtcNow(), message.EnqueuedTime);
        Assert.Equal(0, message.DeliveryCount);
        Assert.NotEqual(Guid.Empty, message.LockToken);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(1), message.LockedUntil);
    }

    [Fact]
    public async Task Message_without_id_gets_a_broker_assigned_id()
    {
        await _broker.SendAsync("q1", Messages.Text("x"));
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();

        var message = receiver.Single();

        Assert.Matches("^[0-9a-f]{32}$", message.MessageId);
        Assert.True(message.SystemPropertiesModified);
    }

    [Fact]
    public async Task Sequence_numbers_increase_per_entity_and_delivery_is_in_order()
    {
        var outcomes = (await _broker.SendAsync("q1", [Messages.Text("a"), Messages.Text("b"), Messages.Text("c")])).Ok();
        using var receiver = _broker.CreateReceiver("/q1", ReceiveMode.PeekLock).Ok();

        var received = receiver.TryReceive(10).Ok();

        Assert.Equal([1L, 2L, 3L], outcomes.Select(o => o.SequenceNumber));
        Assert.Equal(["a", "b", "c"], received.Select(Messages.BodyOf));
    }

    [Fact]
    public async Task Batch_with_one_oversized_message_stores_nothing()
    {
        var result = await _broker.SendAsync("small", [Messages.Text("ok"), Messages.Text(new string('x', 2000))]);

        var error = result.Fails(BrokerCondition.MessageSizeExceeded);
        Assert.Contains("1024", error.Description);
        Assert.Empty(_broker.Peek("small", 0, 10).Ok());
    }

    [Fact]
    public async Task Batch_larger_than_the_limit_in_total_is_rejected()
    {
        var result = await _broker.SendAsync("small", [Messages.Text(new string('a', 600)), Messages.Text(new string('b', 600))]);

        result.Fails(BrokerCondition.MessageSizeExceeded);
    }

    [Fact]
    public async Task Message_larger_than_256_KB_is_rejected_by_default()
    {
        var result = await _broker.SendAsync("q1", Messages.Text(new string('x', 256 * 1024 + 1)));

        result.Fails(BrokerCondition.MessageSizeExceeded);
    }

    [Fact]
    public void Max_message_size_is_described_for_the_attach()
    {
        Assert.Equal(262144, _broker.Describe("q1").Ok().MaxMessageSizeInBytes);
        Assert.Equal(1024, _broker.Describe("sb://localhost/small").Ok().MaxMessageSizeInBytes);
        Assert.Equal(SubQueue.DeadLetter, _broker.Describe("q1/$DeadLetterQueue").Ok().SubQueue);
    }

    [Fact]
    public async Task Unknown_entity_is_not_found_with_the_sdk_recognised_description()
    {
        var send = await _broker.SendAsync("nope", Messages.Text("x"));
        var receive = _broker.CreateReceiver("nope", ReceiveMode.PeekLock);

        var error = send.Fails(BrokerCondition.NotFound);
        Assert.Contains("The messaging entity 'nope' could not be found", error.Description);
        receive.Fails(BrokerCondition.NotFound);
        _broker.Describe("nope").Fails(BrokerCondition.NotFound);
    }

    [Fact]
    public async Task Sending_to_a_dead_letter_queue_is_not_allowed()
    {
        (await _broker.SendAsync("q1/$DeadLetterQueue", Messages.Text("x"))).Fails(BrokerCondition.NotAllowed);
    }

    [Fact]
    public async Task Session_entity_rejects_a_message_without_session_id()
    {
        (await _broker.SendAsync("sessions", Messages.Text("x"))).Fails(BrokerCondition.NotAllowed);
    }

    [Fact]
    public async Task Completed_message_is_gone()
    {
        await _broker.SendAsync("q1", Messages.Text("x"));
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var message = receiver.Single();

        (await _broker.CompleteAsync("q1", message.LockToken)).Ok();

        receiver.Empty();
        Assert.Empty(_broker.Peek("q1", 0, 10).Ok());
    }

    [Fact]
    public async Task Completing_twice_reports_lock_lost()
    {
        await _broker.SendAsync("q1", Messages.Text("x"));
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var message = receiver.Single();
        (await _broker.CompleteAsync("q1", message.LockToken)).Ok();

        (await _broker.CompleteAsync("q1", message.LockToken)).Fails(BrokerCondition.MessageLockLost);
    }

    [Fact]
    public async Task Locked_message_is_not_handed_to_a_competing_receiver()
    {
        await _broker.SendAsync("q1", Messages.Text("x"));
        using var first = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        using var second = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();

        first.Single();

        second.Empty();
    }

    [Fact]
    public async Task Receive_and_delete_removes_the_message_at_once()
    {
        await _broker.SendAsync("q1", [Messages.Text("a"), Messages.Text("b")]);
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.ReceiveAndDelete).Ok();

        var message = receiver.Single();

        Assert.Equal(Guid.Empty, message.LockToken);
        Assert.Equal(["b"], _broker.Peek("q1", 0, 10).Ok().Select(Messages.BodyOf));
    }

    [Fact]
    public async Task Abandon_returns_the_message_with_incremented_delivery_count_and_modified_properties()
    {
        await _broker.SendAsync("q1", Messages.Text("x", properties: new Dictionary<string, object?> { ["attempt"] = "none" }));
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var first = receiver.Single();

        (await _broker.AbandonAsync("q1", first.LockToken, new Dictionary<string, object?> { ["attempt"] = 1, ["reason"] = "busy" })).Ok();
        var second = receiver.Single();

        Assert.Equal(1, second.DeliveryCount);
        Assert.Equal(first.SequenceNumber, second.SequenceNumber);
        Assert.Equal(1, second.ModifiedApplicationProperties["attempt"]);
        Assert.True(second.TryGetApplicationProperty("reason", out var reason));
        Assert.Equal("busy", reason);
        Assert.Equal("none", second.ApplicationProperties["attempt"]);
        Assert.Equal(0, first.DeliveryCount);
    }

    [Fact]
    public async Task Abandoned_message_keeps_its_place_in_sequence_order()
    {
        await _broker.SendAsync("q1", [Messages.Text("a"), Messages.Text("b")]);
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var a = receiver.Single();

        await _broker.AbandonAsync("q1", a.LockToken);

        Assert.Equal(["a", "b"], receiver.TryReceive(2).Ok().Select(Messages.BodyOf));
    }

    [Fact]
    public async Task Dead_lettered_message_moves_to_the_dead_letter_queue_with_reason_and_description()
    {
        await _broker.SendAsync("q1", Messages.Text("bad", "m1"));
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var message = receiver.Single();

        (await _broker.DeadLetterAsync("q1", message.LockToken, "BadThing", "it was bad", new Dictionary<string, object?> { ["extra"] = 7 })).Ok();

        receiver.Empty();
        using var deadLetters = _broker.CreateReceiver("q1/$DeadLetterQueue", ReceiveMode.PeekLock).Ok();
        var dead = deadLetters.Single();
        Assert.Equal("m1", dead.MessageId);
        Assert.Equal(message.SequenceNumber, dead.SequenceNumber);
        Assert.Equal("BadThing", dead.DeadLetterReason);
        Assert.Equal("it was bad", dead.DeadLetterErrorDescription);
        Assert.Equal("BadThing", dead.ModifiedApplicationProperties["DeadLetterReason"]);
        Assert.Equal(7, dead.ModifiedApplicationProperties["extra"]);
    }

    [Fact]
    public async Task Dead_letter_queue_messages_settle_like_any_other()
    {
        await _broker.SendAsync("q1", Messages.Text("bad"));
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        await _broker.DeadLetterAsync("q1", receiver.Single().LockToken, "r", "d");
        using var deadLetters = _broker.CreateReceiver("q1/$DeadLetterQueue", ReceiveMode.PeekLock).Ok();
        var dead = deadLetters.Single();

        (await _broker.DeadLetterAsync("q1/$DeadLetterQueue", dead.LockToken, "again")).Fails(BrokerCondition.NotAllowed);
        (await _broker.CompleteAsync("q1/$DeadLetterQueue", dead.LockToken)).Ok();

        Assert.Empty(_broker.Peek("q1/$DeadLetterQueue", 0, 10).Ok());
    }

    [Fact]
    public async Task Peek_returns_active_locked_deferred_and_scheduled_messages_without_locking()
    {
        await _broker.SendAsync("q1", [Messages.Text("active"), Messages.Text("locked"), Messages.Text("deferred")]);
        var scheduled = Messages.Text("scheduled");
        scheduled.ScheduledEnqueueTime = _clock.GetUtcNow().AddHours(1);
        await _broker.ScheduleAsync("q1", [scheduled]);
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var taken = receiver.TryReceive(3).Ok();
        await _broker.AbandonAsync("q1", taken[0].LockToken);
        await _broker.DeferAsync("q1", taken[2].LockToken);

        var peeked = _broker.Peek("q1", 0, 10).Ok();

        Assert.Equal(["active", "locked", "deferred", "scheduled"], peeked.Select(Messages.BodyOf));
        Assert.Equal([MessageState.Active, MessageState.Active, MessageState.Deferred, MessageState.Scheduled], peeked.Select(m => m.State));
        Assert.Equal(["deferred", "scheduled"], _broker.Peek("q1", 3, 10).Ok().Select(Messages.BodyOf));
        Assert.Equal(["active"], _broker.Peek("q1", 0, 1).Ok().Select(Messages.BodyOf));
    }

    [Fact]
    public void Peek_on_an_empty_queue_returns_nothing_rather_than_an_error()
    {
        Assert.Empty(_broker.Peek("q1", 1, 10).Ok());
    }

    [Fact]
    public async Task Renew_lock_extends_locked_until()
    {
        await _broker.SendAsync("q1", Messages.Text("x"));
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var message = receiver.Single();
        _clock.Advance(TimeSpan.FromSeconds(50));

        var renewed = Assert.Single(_broker.RenewLock("q1", [message.LockToken]).Ok());
        _clock.Advance(TimeSpan.FromSeconds(50));

        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromSeconds(10), renewed);
        (await _broker.CompleteAsync("q1", message.LockToken)).Ok();
    }

    [Fact]
    public void Renewing_an_unknown_lock_reports_lock_lost()
    {
        _broker.RenewLock("q1", [Guid.NewGuid()]).Fails(BrokerCondition.MessageLockLost);
    }

    [Fact]
    public void Receiving_from_a_session_entity_without_a_session_is_refused()
    {
        _broker.CreateReceiver("sessions", ReceiveMode.PeekLock).Fails(BrokerCondition.NotAllowed);
    }
}
