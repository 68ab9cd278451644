using Azure.Messaging.ServiceBus;
using ServiceBusEmulator.DotNetConformance.Support;

namespace ServiceBusEmulator.DotNetConformance;

/// <summary>Scheduled messages appear at their time; a cancelled one never does.</summary>
public sealed class ScheduleTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_scheduled_message_is_enqueued_at_its_time_and_a_cancelled_one_never()
    {
        await using var client = emulator.CreateClient();
        var sender = client.CreateSender("schedule");
        // Far enough ahead that the two sends and the peek below come before it, even on a loaded machine.
        var at = DateTimeOffset.UtcNow.AddSeconds(5);

        var kept = await sender.ScheduleMessageAsync(new ServiceBusMessage("kept") { MessageId = "kept" }, at);
        var cancelled = await sender.ScheduleMessageAsync(new ServiceBusMessage("cancelled") { MessageId = "cancelled" }, at);
        var receiver = client.CreateReceiver("schedule");
        var peeked = await receiver.PeekMessagesAsync(10);
        await sender.CancelScheduledMessageAsync(cancelled);

        Assert.Equal([ServiceBusMessageState.Scheduled, ServiceBusMessageState.Scheduled], peeked.Select(m => m.State));
        // Not before its time: the receive can only return once the time has come. (Asserting "nothing yet" with a
        // short receive instead failed on a loaded machine, where the setup above alone took past the time.)
        var received = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10));
        var returnedAt = DateTimeOffset.UtcNow;
        Assert.True(returnedAt >= at.AddMilliseconds(-50), $"received at {returnedAt:O}, scheduled for {at:O}");
        Assert.Equal(("kept", kept), (received!.MessageId, received.SequenceNumber));
        Assert.True(received.EnqueuedTime >= at.AddMilliseconds(-50), $"enqueued {received.EnqueuedTime:O}, scheduled for {at:O}");
        Assert.Equal(at.ToUnixTimeMilliseconds(), received.ScheduledEnqueueTime.ToUnixTimeMilliseconds());
        await receiver.CompleteMessageAsync(received);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500)));
    }
}
