using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Tests.Support;

namespace ServiceBusEmulator.Tests.Broker;

public class DuplicateDetectionTests
{
    private readonly MessageBroker _broker;
    private readonly ManualTimeProvider _clock;

    public DuplicateDetectionTests()
    {
        (_broker, _clock) = TestBroker.Create(
            TestBroker.Queue("dedupe", new EntityProperties { RequiresDuplicateDetection = true, DuplicateDetectionHistoryTimeWindow = TimeSpan.FromMinutes(10) }),
            TestBroker.Queue("plain"));
    }

    [Fact]
    public async Task Duplicate_message_id_within_the_window_is_accepted_but_not_stored()
    {
        await _broker.SendAsync("dedupe", Messages.Text("first", "id-1"));
        _clock.Advance(TimeSpan.FromMinutes(9));

        var outcome = Assert.Single((await _broker.SendAsync("dedupe", Messages.Text("second", "id-1"))).Ok());

        Assert.True(outcome.IsDuplicate);
        Assert.Equal(["first"], _broker.Peek("dedupe", 0, 10).Ok().Select(Messages.BodyOf));
    }

    [Fact]
    public async Task Same_message_id_after_the_window_is_stored_again()
    {
        await _broker.SendAsync("dedupe", Messages.Text("first", "id-1"));
        _clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        var outcome = Assert.Single((await _broker.SendAsync("dedupe", Messages.Text("second", "id-1"))).Ok());

        Assert.False(outcome.IsDuplicate);
        Assert.Equal(2, _broker.Peek("dedupe", 0, 10).Ok().Count);
    }

    [Fact]
    public async Task Duplicate_detection_still_applies_after_the_first_copy_was_completed()
    {
        await _broker.SendAsync("dedupe", Messages.Text("first", "id-1"));
        using var receiver = _broker.CreateReceiver("dedupe", ReceiveMode.ReceiveAndDelete).Ok();
        receiver.Single();

        await _broker.SendAsync("dedupe", Messages.Text("again", "id-1"));

        receiver.Empty();
    }

    [Fact]
    public async Task Without_duplicate_detection_equal_ids_are_both_stored()
    {
        await _broker.SendAsync("plain", [Messages.Text("a", "same"), Messages.Text("b", "same")]);

        Assert.Equal(2, _broker.Peek("plain", 0, 10).Ok().Count);
    }
}
