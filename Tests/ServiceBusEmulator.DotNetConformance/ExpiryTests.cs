using Azure.Messaging.ServiceBus;
using ServiceBusEmulator.DotNetConformance.Support;

namespace ServiceBusEmulator.DotNetConformance;

/// <summary>Time-to-live: the entity default applies and caps the message's own; expired messages go to the dead-letter queue.</summary>
public sealed class ExpiryTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_expired_message_is_dead_lettered_with_the_TTL_expired_reason()
    {
        await using var client = emulator.CreateClient();
        await client.CreateSender("expiring").SendMessageAsync(new ServiceBusMessage("short") { MessageId = "short", TimeToLive = TimeSpan.FromSeconds(1) });
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Null(await client.CreateReceiver("expiring").ReceiveMessageAsync(TimeSpan.FromMilliseconds(500)));
        var dead = await client.CreateReceiver("expiring", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter }).ReceiveMessageAsync(Wait);
        Assert.Equal(("short", "TTLExpiredException"), (dead!.MessageId, dead.DeadLetterReason));
    }

    [Fact]
    public async Task A_message_without_a_time_to_live_takes_the_entity_default()
    {
        await using var client = emulator.CreateClient();
        await client.CreateSender("default-ttl").SendMessageAsync(new ServiceBusMessage("default") { MessageId = "default" });

        var received = await client.CreateReceiver("default-ttl", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete }).ReceiveMessageAsync(Wait);

        Assert.Equal(TimeSpan.FromMinutes(10), received!.TimeToLive);
        Assert.Equal(received.EnqueuedTime + TimeSpan.FromMinutes(10), received.ExpiresAt);
    }

    [Fact]
    public async Task A_time_to_live_above_the_entity_default_is_capped_to_it()
    {
        await using var client = emulator.CreateClient();
        await client.CreateSender("default-ttl").SendMessageAsync(new ServiceBusMessage("long") { MessageId = "long", TimeToLive = TimeSpan.FromDays(1) });
        await client.CreateSender("default-ttl").SendMessageAsync(new ServiceBusMessage("short") { MessageId = "short", TimeToLive = TimeSpan.FromMinutes(2) });

        var receiver = client.CreateReceiver("default-ttl", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var capped = await receiver.ReceiveMessageAsync(Wait);
        var kept = await receiver.ReceiveMessageAsync(Wait);

        Assert.Equal(("long", TimeSpan.FromMinutes(10)), (capped!.MessageId, capped.TimeToLive));
        Assert.Equal(capped.EnqueuedTime + TimeSpan.FromMinutes(10), capped.ExpiresAt);
        Assert.Equal(("short", TimeSpan.FromMinutes(2)), (kept!.MessageId, kept.TimeToLive));
        Assert.Equal(kept.EnqueuedTime + TimeSpan.FromMinutes(2), kept.ExpiresAt);
    }
}
