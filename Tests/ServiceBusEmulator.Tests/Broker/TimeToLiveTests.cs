using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Tests.Support;

namespace ServiceBusEmulator.Tests.Broker;

public class TimeToLiveTests
{
    private readonly MessageBroker _broker;
    private readonly ManualTimeProvider _clock;

    public TimeToLiveTests()
    {
        (_broker, _clock) = TestBroker.Create(
            TestBroker.Queue("dlq-on-expiry", new EntityProperties { DefaultMessageTimeToLive = TimeSpan.FromDays(1), DeadLetteringOnMessageExpiration = true }),
            TestBroker.Queue("drop-on-expiry", new EntityProperties { DefaultMessageTimeToLive = TimeSpan.FromMinutes(5) }));
    }

    [Fact]
    public async Task Expired_message_moves_to_dead_letter_queue()
    {
        await _broker.SendAsync("dlq-on-expiry", Messages.Text("old", "m1"));
        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        using var receiver = _broker.CreateReceiver("dlq-on-expiry", ReceiveMode.PeekLock).Ok();

        receiver.Empty();

        var dead = Assert.Single(_broker.Peek("dlq-on-expiry/$DeadLetterQueue", 0, 10).Ok());
        Assert.Equal("m1", dead.MessageId);
        Assert.Equal("TTLExpiredException", dead.DeadLetterReason);
    }

    [Fact]
    public async Task Expired_message_is_dropped_when_dead_lettering_on_expiration_is_off()
    {
        await _broker.SendAsync("drop-on-expiry", Messages.Text("old"));
        _clock.Advance(TimeSpan.FromMinutes(6));
        using var receiver = _broker.CreateReceiver("drop-on-expiry", ReceiveMode.PeekLock).Ok();

        receiver.Empty();

        Assert.Empty(_broker.Peek("drop-on-expiry", 0, 10).Ok());
        Assert.Empty(_broker.Peek("drop-on-expiry/$DeadLetterQueue", 0, 10).Ok());
    }

    [Fact]
    public async Task Message_time_to_live_shorter_than_the_default_wins()
    {
        var message = Messages.Text("short");
        message.TimeToLive = TimeSpan.FromSeconds(10);
        await _broker.SendAsync("dlq-on-expiry", [message, Messages.Text("long")]);
        _clock.Advance(TimeSpan.FromSeconds(11));
        using var receiver = _broker.CreateReceiver("dlq-on-expiry", ReceiveMode.PeekLock).Ok();

        Assert.Equal("long", Messages.BodyOf(receiver.Single()));
        Assert.Equal("short", Messages.BodyOf(Assert.Single(_broker.Peek("dlq-on-expiry/$DeadLetterQueue", 0, 10).Ok())));
    }

    [Fact]
    public async Task Message_time_to_live_longer_than_the_default_is_capped()
    {
        var message = Messages.Text("x");
        message.TimeToLive = TimeSpan.FromDays(30);
        await _broker.SendAsync("drop-on-expiry", message);

        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(5), Assert.Single(_broker.Peek("drop-on-expiry", 0, 1).Ok()).ExpiresAt);
    }

    [Fact]
    public async Task Unexpired_message_is_delivered()
    {
        await _broker.SendAsync("dlq-on-expiry", Messages.Text("fresh"));
        _clock.Advance(TimeSpan.FromHours(23));
        using var receiver = _broker.CreateReceiver("dlq-on-expiry", ReceiveMode.PeekLock).Ok();

        Assert.Equal("fresh", Messages.BodyOf(receiver.Single()));
    }
}
