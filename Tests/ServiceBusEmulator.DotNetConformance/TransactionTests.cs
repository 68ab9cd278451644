using System.Transactions;
using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using ServiceBusEmulator.DotNetConformance.Support;

namespace ServiceBusEmulator.DotNetConformance;

/// <summary>Transactions: a send and a complete inside a <see cref="TransactionScope"/> take effect together, or not at all.</summary>
public sealed class TransactionTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_committed_scope_completes_the_received_message_and_sends_the_new_one()
    {
        await using var client = emulator.CreateClient();
        var sender = client.CreateSender("transactions");
        await sender.SendMessageAsync(new ServiceBusMessage("input") { MessageId = "commit-input" });
        var receiver = client.CreateReceiver("transactions");
        var input = await receiver.ReceiveMessageAsync(Wait);

        using (var scope = new TransactionScope(TransactionScopeAsyncFlowOption.Enabled))
        {
            await sender.SendMessageAsync(new ServiceBusMessage("output") { MessageId = "commit-output" });
            await receiver.CompleteMessageAsync(input);
            Assert.Null(await receiver.PeekMessageAsync(input.SequenceNumber + 1));
            scope.Complete();
        }

        var output = await receiver.ReceiveMessageAsync(Wait);
        Assert.Equal("commit-output", output!.MessageId);
        await receiver.CompleteMessageAsync(output);
        Assert.Null(await receiver.PeekMessageAsync());
    }

    [Fact]
    public async Task A_scope_left_without_complete_rolls_back_the_send_and_the_settlement()
    {
        await using var client = emulator.CreateClient();
        var sender = client.CreateSender("transactions");
        await sender.SendMessageAsync(new ServiceBusMessage("input") { MessageId = "rollback-input" });
        var receiver = client.CreateReceiver("transactions");
        var input = await receiver.ReceiveMessageAsync(Wait);

        using (new TransactionScope(TransactionScopeAsyncFlowOption.Enabled))
        {
            await sender.SendMessageAsync(new ServiceBusMessage("output") { MessageId = "rollback-output" });
            await receiver.CompleteMessageAsync(input);
        }

        await receiver.AbandonMessageAsync(input);
        var again = await receiver.ReceiveMessageAsync(Wait);
        Assert.Equal(("rollback-input", 2), (again!.MessageId, again.DeliveryCount));
        await receiver.CompleteMessageAsync(again);
        Assert.Null(await receiver.PeekMessageAsync());
    }

    [Fact]
    public async Task A_commit_that_cannot_apply_every_operation_applies_none()
    {
        var administration = new ServiceBusAdministrationClient(emulator.ConnectionString);
        await administration.CreateQueueAsync("transactions-doomed");
        await using var client = emulator.CreateClient(new ServiceBusClientOptions { EnableCrossEntityTransactions = true });
        await client.CreateSender("transactions-target").SendMessageAsync(new ServiceBusMessage("input") { MessageId = "atomic-input" });
        var receiver = client.CreateReceiver("transactions-target");
        var input = await receiver.ReceiveMessageAsync(Wait);
        var kept = client.CreateSender("transactions");
        var doomed = client.CreateSender("transactions-doomed");

        var scope = new TransactionScope(TransactionScopeAsyncFlowOption.Enabled);
        await receiver.CompleteMessageAsync(input);
        await kept.SendMessageAsync(new ServiceBusMessage("kept") { MessageId = "atomic-kept" });
        await doomed.SendMessageAsync(new ServiceBusMessage("doomed") { MessageId = "atomic-doomed" });
        // The send to this queue can no longer be applied when the transaction commits.
        await administration.DeleteQueueAsync("transactions-doomed");
        scope.Complete();
        Assert.ThrowsAny<TransactionException>(scope.Dispose);

        // Nothing of the transaction happened: the input is still locked by the receiver, the other send was not stored.
        Assert.Null(await client.CreateReceiver("transactions").PeekMessageAsync());
        await receiver.AbandonMessageAsync(input);
        var again = await receiver.ReceiveMessageAsync(Wait);
        Assert.Equal(("atomic-input", 2), (again!.MessageId, again.DeliveryCount));
        await receiver.CompleteMessageAsync(again);
    }

    [Fact]
    public async Task A_cross_entity_transaction_sends_to_another_queue_via_the_first()
    {
        await using var client = emulator.CreateClient(new ServiceBusClientOptions { EnableCrossEntityTransactions = true });
        await client.CreateSender("transactions-target").SendMessageAsync(new ServiceBusMessage("seed") { MessageId = "seed" });
        var receiver = client.CreateReceiver("transactions-target");
        var seed = await receiver.ReceiveMessageAsync(Wait);
        var onward = client.CreateSender("transactions");

        using (var scope = new TransactionScope(TransactionScopeAsyncFlowOption.Enabled))
        {
            await receiver.CompleteMessageAsync(seed);
            await onward.SendMessageAsync(new ServiceBusMessage("onward") { MessageId = "onward" });
            scope.Complete();
        }

        var received = await client.CreateReceiver("transactions", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete }).ReceiveMessageAsync(Wait);
        Assert.Equal("onward", received!.MessageId);
        Assert.Null(await receiver.PeekMessageAsync());
    }
}
