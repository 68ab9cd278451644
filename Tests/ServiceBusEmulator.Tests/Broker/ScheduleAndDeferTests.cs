using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Tests.Support;

namespace ServiceBusEmulator.Tests.Broker;

public class ScheduleAndDeferTests
{
    private readonly MessageBroker _broker;
    private readonly ManualTimeProvider _clock;

    public ScheduleAndDeferTests()
    {
        (_broker, _clock) = TestBroker.Create(TestBroker.Queue("q1"));
    }

    private BrokerMessage ScheduledIn(TimeSpan delay, string body)
    {
        var message = Messages.Text(body);
        message.ScheduledEnqueueTime = _clock.GetUtcNow() + delay;
        return message;
    }

    [Fact]
    public async Task Scheduled_message_is_invisible_until_due_then_delivered()
    {
        var outcome = Assert.Single((await _broker.ScheduleAsync("q1", [ScheduledIn(TimeSpan.FromMinutes(10), "later")])).Ok());
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();

        receiver.Empty();
        _clock.Advance(TimeSpan.FromMinutes(10));
        var message = receiver.Single();

        Assert.Equal(outcome.SequenceNumber, message.SequenceNumber);
        Assert.Equal(MessageState.Active, message.State);
        Assert.Equal(_clock.GetUtcNow(), message.EnqueuedTime);
    }

    [Fact]
    public async Task Scheduled_enqueue_time_on_a_plain_send_schedules_the_message()
    {
        await _broker.SendAsync("q1", ScheduledIn(TimeSpan.FromSeconds(30), "later"));
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();

        receiver.Empty();
        _clock.Advance(TimeSpan.FromSeconds(30));
        receiver.Single();
    }

    [Fact]
    public async Task Cancelled_scheduled_message_is_never_delivered()
    {
        var outcome = Assert.Single((await _broker.ScheduleAsync("q1", [ScheduledIn(TimeSpan.FromMinutes(1), "x")])).Ok());

        (await _broker.CancelScheduledAsync("q1", [outcome.SequenceNumber])).Ok();
        _clock.Advance(TimeSpan.FromMinutes(2));

        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        receiver.Empty();
        Assert.Empty(_broker.Peek("q1", 0, 10).Ok());
    }

    [Fact]
    public async Task Cancelling_an_unknown_sequence_number_reports_message_not_found()
    {
        (await _broker.CancelScheduledAsync("q1", [42])).Fails(BrokerCondition.MessageNotFound);
    }

    [Fact]
    public async Task Schedule_without_enqueue_time_is_an_argument_error()
    {
        (await _broker.ScheduleAsync("q1", [Messages.Text("x")])).Fails(BrokerCondition.ArgumentError);
    }

    [Fact]
    public async Task Deferred_message_is_only_received_by_sequence_number()
    {
        await _broker.SendAsync("q1", [Messages.Text("deferred"), Messages.Text("next")]);
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var first = receiver.Single();
        (await _broker.DeferAsync("q1", first.LockToken, new Dictionary<string, object?> { ["why"] = "later" })).Ok();

        Assert.Equal("next", Messages.BodyOf(receiver.Single()));
        receiver.Empty();

        var deferred = Assert.Single(_broker.ReceiveDeferred("q1", [first.SequenceNumber], ReceiveMode.PeekLock).Ok());
        Assert.Equal("deferred", Messages.BodyOf(deferred));
        Assert.Equal(MessageState.Deferred, deferred.State);
        Assert.Equal("later", deferred.ModifiedApplicationProperties["why"]);
        Assert.NotEqual(Guid.Empty, deferred.LockToken);
        (await _broker.CompleteAsync("q1", deferred.LockToken)).Ok();
        _broker.ReceiveDeferred("q1", [first.SequenceNumber], ReceiveMode.PeekLock).Fails(BrokerCondition.MessageNotFound);
    }

    [Fact]
    public async Task Abandoned_deferred_message_stays_deferred()
    {
        await _broker.SendAsync("q1", Messages.Text("x"));
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var message = receiver.Single();
        await _broker.DeferAsync("q1", message.LockToken);
        var deferred = Assert.Single(_broker.ReceiveDeferred("q1", [message.SequenceNumber], ReceiveMode.PeekLock).Ok());

        (await _broker.AbandonAsync("q1", deferred.LockToken)).Ok();

        receiver.Empty();
        var again = Assert.Single(_broker.ReceiveDeferred("q1", [message.SequenceNumber], ReceiveMode.PeekLock).Ok());
        Assert.Equal(1, again.DeliveryCount);
    }

    [Fact]
    public async Task Receive_deferred_in_receive_and_delete_mode_removes_it()
    {
        await _broker.SendAsync("q1", Messages.Text("x"));
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var message = receiver.Single();
        await _broker.DeferAsync("q1", message.LockToken);

        Assert.Single(_broker.ReceiveDeferred("q1", [message.SequenceNumber], ReceiveMode.ReceiveAndDelete).Ok());

        Assert.Empty(_broker.Peek("q1", 0, 10).Ok());
    }

    [Fact]
    public async Task Receive_deferred_of_an_active_message_is_message_not_found_and_receives_nothing()
    {
        await _broker.SendAsync("q1", [Messages.Text("a"), Messages.Text("b")]);
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var a = receiver.Single();
        await _broker.DeferAsync("q1", a.LockToken);

        _broker.ReceiveDeferred("q1", [a.SequenceNumber, 2], ReceiveMode.PeekLock).Fails(BrokerCondition.MessageNotFound);

        Assert.Single(_broker.ReceiveDeferred("q1", [a.SequenceNumber], ReceiveMode.PeekLock).Ok());
    }
}
