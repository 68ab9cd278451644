using Azure.Messaging.ServiceBus;
using ServiceBusEmulator.DotNetConformance.Support;

namespace ServiceBusEmulator.DotNetConformance;

/// <summary>Peek-lock settlement — complete, abandon, defer, dead-letter — and receive-and-delete.</summary>
public sealed class SettlementTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Complete_removes_abandon_returns_with_one_more_delivery_and_modified_properties()
    {
        await using var client = emulator.CreateClient();
        await client.CreateSender("settlement").SendMessageAsync(new ServiceBusMessage("abandon me") { MessageId = "abandon" });
        var receiver = client.CreateReceiver("settlement");

        var first = await receiver.ReceiveMessageAsync(Wait);
        Assert.True(first.LockedUntil > DateTimeOffset.UtcNow);
        await receiver.AbandonMessageAsync(first, new Dictionary<string, object> { ["attempt"] = 1 });
        var second = await receiver.ReceiveMessageAsync(Wait);
        await receiver.CompleteMessageAsync(second);

        Assert.Equal(("abandon", 1, 2, 1), (second.MessageId, first.DeliveryCount, second.DeliveryCount, (int)second.ApplicationProperties["attempt"]));
        Assert.Null(await receiver.PeekMessageAsync());
    }

    [Fact]
    public async Task A_deferred_message_is_received_only_by_its_sequence_number()
    {
        await using var client = emulator.CreateClient();
        var sender = client.CreateSender("settlement");
        await sender.SendMessagesAsync([new ServiceBusMessage("defer") { MessageId = "defer" }, new ServiceBusMessage("next") { MessageId = "next" }]);
        var receiver = client.CreateReceiver("settlement");

        var deferred = await receiver.ReceiveMessageAsync(Wait);
        await receiver.DeferMessageAsync(deferred, new Dictionary<string, object> { ["why"] = "later" });
        var next = await receiver.ReceiveMessageAsync(Wait);
        await receiver.CompleteMessageAsync(next);
        var peeked = await receiver.PeekMessageAsync(deferred.SequenceNumber);
        var again = await receiver.ReceiveDeferredMessageAsync(deferred.SequenceNumber);
        await receiver.CompleteMessageAsync(again);

        Assert.Equal(("defer", "next"), (deferred.MessageId, next.MessageId));
        Assert.Equal(ServiceBusMessageState.Deferred, peeked!.State);
        Assert.Equal(("defer", ServiceBusMessageState.Deferred, "later"), (again.MessageId, again.State, (string)again.ApplicationProperties["why"]));
        var gone = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.ReceiveDeferredMessageAsync(deferred.SequenceNumber));
        Assert.Equal(ServiceBusFailureReason.MessageNotFound, gone.Reason);
    }

    [Fact]
    public async Task A_dead_lettered_message_carries_its_reason_and_description_into_the_dead_letter_queue()
    {
        await using var client = emulator.CreateClient();
        await client.CreateSender("settlement").SendMessageAsync(new ServiceBusMessage("poison") { MessageId = "poison" });
        var receiver = client.CreateReceiver("settlement");
        var message = await receiver.ReceiveMessageAsync(Wait);

        await receiver.DeadLetterMessageAsync(message, "InvalidEvent", "the body is not an event");
        var deadLetters = client.CreateReceiver("settlement", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var dead = await deadLetters.ReceiveMessageAsync(Wait);
        await deadLetters.CompleteMessageAsync(dead);

        Assert.Equal(("poison", "InvalidEvent", "the body is not an event"), (dead.MessageId, dead.DeadLetterReason, dead.DeadLetterErrorDescription));
        Assert.Null(await receiver.PeekMessageAsync());
    }

    [Fact]
    public async Task A_message_abandoned_max_delivery_count_times_is_dead_lettered()
    {
        await using var client = emulator.CreateClient();
        await client.CreateSender("max-delivery").SendMessageAsync(new ServiceBusMessage("retry") { MessageId = "retry" });
        var receiver = client.CreateReceiver("max-delivery");

        await receiver.AbandonMessageAsync(await receiver.ReceiveMessageAsync(Wait));
        await receiver.AbandonMessageAsync(await receiver.ReceiveMessageAsync(Wait));
        var dead = await client.CreateReceiver("max-delivery", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter }).ReceiveMessageAsync(Wait);

        Assert.Equal(("retry", "MaxDeliveryCountExceeded"), (dead.MessageId, dead.DeadLetterReason));
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Receive_and_delete_hands_out_messages_that_cannot_be_settled()
    {
        await using var client = emulator.CreateClient();
        await client.CreateSender("receive-and-delete").SendMessagesAsync([new ServiceBusMessage("a"), new ServiceBusMessage("b")]);
        var receiver = client.CreateReceiver("receive-and-delete", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });

        var received = new List<ServiceBusReceivedMessage>();
        while (received.Count < 2 && await receiver.ReceiveMessagesAsync(2, Wait) is { Count: > 0 } some)
        {
            received.AddRange(some);
        }

        Assert.Equal(["a", "b"], received.Select(m => m.Body.ToString()));
        await Assert.ThrowsAsync<InvalidOperationException>(() => receiver.CompleteMessageAsync(received[0]));
        Assert.Null(await receiver.PeekMessageAsync());
    }
}
