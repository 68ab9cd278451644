using Azure.Messaging.ServiceBus;
using ServiceBusEmulator.DotNetConformance.Support;
using ServiceBusEmulator.Hosting;

namespace ServiceBusEmulator.DotNetConformance;

/// <summary>The failures the SDK maps to a reason or exception type reach the application as that reason, promptly.</summary>
public sealed class ErrorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Sending_to_or_receiving_from_a_missing_entity_fails_with_messaging_entity_not_found()
    {
        await using var client = emulator.CreateClient();

        var send = await Assert.ThrowsAsync<ServiceBusException>(() => client.CreateSender("no-such-queue").SendMessageAsync(new ServiceBusMessage("x")));
        var receive = await Assert.ThrowsAsync<ServiceBusException>(() => client.CreateReceiver("no-such-queue").ReceiveMessageAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, send.Reason);
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, receive.Reason);
    }

    [Fact]
    public async Task A_wrong_key_is_refused_as_unauthorized()
    {
        var wrongKey = emulator.ConnectionString.Replace(EmulatorOptions.DefaultKey, "not-the-key", StringComparison.Ordinal);
        await using var client = new ServiceBusClient(wrongKey, new ServiceBusClientOptions { RetryOptions = { MaxRetries = 0, TryTimeout = TimeSpan.FromSeconds(10) } });

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => client.CreateSender("errors").SendMessageAsync(new ServiceBusMessage("x")));
    }

    [Fact]
    public async Task A_message_above_the_entity_limit_fails_with_message_size_exceeded_and_the_sender_goes_on()
    {
        await using var client = emulator.CreateClient();
        var sender = client.CreateSender("small-messages");

        var tooLarge = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage(new byte[70 * 1024])));
        await sender.SendMessageAsync(new ServiceBusMessage(new byte[60 * 1024]) { MessageId = "fits" });

        Assert.Equal(ServiceBusFailureReason.MessageSizeExceeded, tooLarge.Reason);
        Assert.Equal("fits", (await client.CreateReceiver("small-messages").PeekMessageAsync())!.MessageId);
    }

    [Fact]
    public async Task Settling_a_message_already_settled_fails_with_message_lock_lost()
    {
        await using var client = emulator.CreateClient();
        await client.CreateSender("errors").SendMessageAsync(new ServiceBusMessage("once"));
        var receiver = client.CreateReceiver("errors");
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10));
        await receiver.CompleteMessageAsync(message);

        var again = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(message));

        Assert.Equal(ServiceBusFailureReason.MessageLockLost, again.Reason);
    }
}
