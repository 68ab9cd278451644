using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Tests.Support;

namespace ServiceBusEmulator.Tests.Broker;

public class LockExpiryAndDeliveryCountTests
{
    private readonly MessageBroker _broker;
    private readonly ManualTimeProvider _clock;

    public LockExpiryAndDeliveryCountTests()
    {
        (_broker, _clock) = TestBroker.Create(
            TestBroker.Queue("q1", new EntityProperties { LockDuration = TimeSpan.FromSeconds(30), MaxDeliveryCount = 3 }));
    }

    [Fact]
    public async Task Lock_expiry_returns_message_with_incremented_delivery_count()
    {
        await _broker.SendAsync("q1", Messages.Text("x"));
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var first = receiver.Single();

        _clock.Advance(TimeSpan.FromSeconds(31));
        var second = receiver.Single();

        Assert.Equal(1, second.DeliveryCount);
        Assert.NotEqual(first.LockToken, second.LockToken);
        (await _broker.CompleteAsync("q1", first.LockToken)).Fails(BrokerCondition.MessageLockLost);
        (await _broker.CompleteAsync("q1", second.LockToken)).Ok();
    }

    [Fact]
    public async Task Lock_is_still_valid_just_before_it_expires()
    {
        await _broker.SendAsync("q1", Messages.Text("x"));
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var message = receiver.Single();

        _clock.Advance(TimeSpan.FromSeconds(29));

        receiver.Empty();
        (await _broker.CompleteAsync("q1", message.LockToken)).Ok();
    }

    [Fact]
    public async Task Settling_after_lock_expiry_reports_lock_lost()
    {
        await _broker.SendAsync("q1", Messages.Text("x"));
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var message = receiver.Single();

        _clock.Advance(TimeSpan.FromSeconds(30));

        var error = (await _broker.AbandonAsync("q1", message.LockToken)).Fails(BrokerCondition.MessageLockLost);
        Assert.Equal(410, error.StatusCode);
        _broker.RenewLock("q1", [message.LockToken]).Fails(BrokerCondition.MessageLockLost);
    }

    [Fact]
    public async Task Message_abandoned_max_delivery_count_times_moves_to_dead_letter_queue()
    {
        await _broker.SendAsync("q1", Messages.Text("poison", "p1"));
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var message = receiver.Single();
            Assert.Equal(attempt, message.DeliveryCount);
            (await _broker.AbandonAsync("q1", message.LockToken)).Ok();
        }

        receiver.Empty();
        using var deadLetters = _broker.CreateReceiver("q1/$DeadLetterQueue", ReceiveMode.PeekLock).Ok();
        var dead = deadLetters.Single();
        Assert.Equal("p1", dead.MessageId);
        Assert.Equal("MaxDeliveryCountExceeded", dead.DeadLetterReason);
        Assert.Equal(3, dead.DeliveryCount);
        Assert.Contains("3 delivery attempts", dead.DeadLetterErrorDescription);
    }

    [Fact]
    public async Task Lock_expiries_count_towards_max_delivery_count()
    {
        await _broker.SendAsync("q1", Messages.Text("slow"));
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();

        for (var attempt = 0; attempt < 3; attempt++)
        {
            receiver.Single();
            _clock.Advance(TimeSpan.FromSeconds(31));
        }

        receiver.Empty();
        Assert.Equal(DeadLetterReasons.MaxDeliveryCountExceeded, Assert.Single(_broker.Peek("q1/$DeadLetterQueue", 0, 10).Ok()).DeadLetterReason);
    }

    [Fact]
    public async Task Expired_lock_is_reclaimed_by_the_timer_without_any_receiver_activity()
    {
        await _broker.SendAsync("q1", Messages.Text("x"));
        using var receiver = _broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        receiver.Single();

        _clock.Advance(TimeSpan.FromSeconds(31));

        // Peek shows the state without triggering work itself only if the timer already ran; DeliveryCount proves it did.
        var peeked = Assert.Single(_broker.Peek("q1", 0, 1).Ok());
        Assert.Equal(1, peeked.DeliveryCount);
        Assert.Equal(Guid.Empty, peeked.LockToken);
    }
}
