using Azure.Messaging.ServiceBus;
using ServiceBusEmulator.DotNetConformance.Support;

namespace ServiceBusEmulator.DotNetConformance;

/// <summary>Batches go in whole and in order; peek reads without locking, from the start or from a sequence number.</summary>
public sealed class BatchAndPeekTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_message_batch_arrives_whole_in_order_and_is_received_many_at_a_time()
    {
        await using var client = emulator.CreateClient();
        var sender = client.CreateSender("batches");
        using var batch = await sender.CreateMessageBatchAsync();
        for (var i = 0; i < 50; i++)
        {
            Assert.True(batch.TryAddMessage(new ServiceBusMessage($"message {i}") { MessageId = $"batch-{i}" }));
        }

        await sender.SendMessagesAsync(batch);
        var receiver = client.CreateReceiver("batches");
        var received = new List<ServiceBusReceivedMessage>();
        while (received.Count < 50 && await receiver.ReceiveMessagesAsync(50 - received.Count, Wait) is { Count: > 0 } some)
        {
            received.AddRange(some);
        }

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"batch-{i}"), received.Select(m => m.MessageId));
        Assert.Equal(received.Select(m => m.SequenceNumber).Order(), received.Select(m => m.SequenceNumber));
        foreach (var message in received)
        {
            await receiver.CompleteMessageAsync(message);
        }

        Assert.Empty(await receiver.PeekMessagesAsync(10));
    }

    [Fact]
    public async Task A_batch_refuses_a_message_beyond_the_size_the_entity_allows()
    {
        await using var client = emulator.CreateClient();
        var sender = client.CreateSender("batches");
        using var batch = await sender.CreateMessageBatchAsync();

        Assert.True(batch.TryAddMessage(new ServiceBusMessage(new byte[100_000])));
        Assert.True(batch.TryAddMessage(new ServiceBusMessage(new byte[100_000])));
        Assert.False(batch.TryAddMessage(new ServiceBusMessage(new byte[100_000])));
        Assert.Equal(262_144, batch.MaxSizeInBytes);
    }

    [Fact]
    public async Task Peek_reads_without_locking_from_the_start_and_from_a_sequence_number()
    {
        await using var client = emulator.CreateClient();
        var sender = client.CreateSender("peek");
        await sender.SendMessagesAsync(Enumerable.Range(0, 5).Select(i => new ServiceBusMessage($"peek {i}") { MessageId = $"peek-{i}" }));
        var receiver = client.CreateReceiver("peek");

        var first = await receiver.PeekMessageAsync();
        var all = await receiver.PeekMessagesAsync(10, first!.SequenceNumber);
        var fromThird = await receiver.PeekMessagesAsync(10, all[2].SequenceNumber);

        Assert.Equal("peek-0", first.MessageId);
        Assert.Equal(ServiceBusMessageState.Active, first.State);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"peek-{i}"), all.Select(m => m.MessageId));
        Assert.Equal(["peek-2", "peek-3", "peek-4"], fromThird.Select(m => m.MessageId));
        Assert.All(all, m => Assert.Equal(0, m.DeliveryCount));
        var received = await receiver.ReceiveMessagesAsync(5, Wait);
        Assert.Equal("peek-0", received[0].MessageId);
        Assert.Equal(1, received[0].DeliveryCount);
    }
}
