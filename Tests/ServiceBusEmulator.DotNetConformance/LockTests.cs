using Azure.Messaging.ServiceBus;
using ServiceBusEmulator.DotNetConformance.Support;

namespace ServiceBusEmulator.DotNetConformance;

/// <summary>Message locks: renewal extends them; an expired lock returns the message and its settlement fails as lock lost.</summary>
public sealed class LockTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Renewing_a_lock_extends_it_and_keeps_the_message_from_other_receivers()
    {
        await using var client = emulator.CreateClient();
        await client.CreateSender("short-lock").SendMessageAsync(new ServiceBusMessage("renew") { MessageId = "renew" });
        var receiver = client.CreateReceiver("short-lock");
        var message = await receiver.ReceiveMessageAsync(Wait);
        var firstLock = message.LockedUntil;

        await Task.Delay(TimeSpan.FromSeconds(3));
        await receiver.RenewMessageLockAsync(message);
        Assert.True(message.LockedUntil > firstLock.AddSeconds(2), $"{message.LockedUntil:O} should be about 3 s after {firstLock:O}");
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Null(await client.CreateReceiver("short-lock").ReceiveMessageAsync(TimeSpan.FromMilliseconds(500)));
        await receiver.CompleteMessageAsync(message);
    }

    [Fact]
    public async Task An_expired_lock_returns_the_message_and_its_settlement_fails_with_message_lock_lost()
    {
        await using var client = emulator.CreateClient();
        await client.CreateSender("short-lock").SendMessageAsync(new ServiceBusMessage("expire") { MessageId = "expire" });
        var receiver = client.CreateReceiver("short-lock");
        var message = await receiver.ReceiveMessageAsync(Wait);

        var again = await client.CreateReceiver("short-lock").ReceiveMessageAsync(TimeSpan.FromSeconds(15));
        var lost = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(message));
        var renewLost = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.RenewMessageLockAsync(message));

        Assert.Equal(("expire", 2), (again!.MessageId, again.DeliveryCount));
        Assert.Equal(ServiceBusFailureReason.MessageLockLost, lost.Reason);
        Assert.Equal(ServiceBusFailureReason.MessageLockLost, renewLost.Reason);
    }
}
