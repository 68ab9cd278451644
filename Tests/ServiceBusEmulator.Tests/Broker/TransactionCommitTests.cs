using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Tests.Support;

namespace ServiceBusEmulator.Tests.Broker;

public class TransactionCommitTests
{
    private readonly MessageBroker _broker;
    private readonly ManualTimeProvider _clock;

    public TransactionCommitTests()
    {
        (_broker, _clock) = TestBroker.Create(
            TestBroker.Queue("input", new EntityProperties { LockDuration = TimeSpan.FromSeconds(30) }),
            TestBroker.Queue("output"));
    }

    [Fact]
    public async Task A_commit_applies_its_sends_and_settlements_together()
    {
        await _broker.SendAsync("input", Messages.Text("in"));
        using var receiver = _broker.CreateReceiver("input", ReceiveMode.PeekLock).Ok();
        var input = receiver.Single();
        var transaction = new BrokerTransaction();
        transaction.EnlistSettlement("input", input.LockToken, Settlement.Complete);
        transaction.EnlistSend("output", [Messages.Text("out")]);

        (await _broker.CommitAsync(transaction)).Ok();

        Assert.Equal([0, 1], _broker.CountMessages().Select(counts => counts.Active));
    }

    [Fact]
    public async Task A_commit_whose_lock_expired_meanwhile_applies_nothing()
    {
        await _broker.SendAsync("input", Messages.Text("in"));
        using var receiver = _broker.CreateReceiver("input", ReceiveMode.PeekLock).Ok();
        var input = receiver.Single();
        var transaction = new BrokerTransaction();
        transaction.EnlistSend("output", [Messages.Text("out")]);
        transaction.EnlistSettlement("input", input.LockToken, Settlement.Complete);

        _clock.Advance(TimeSpan.FromSeconds(31));

        (await _broker.CommitAsync(transaction)).Fails(BrokerCondition.TransactionRollback);
        Assert.Equal([1, 0], _broker.CountMessages().Select(counts => counts.Active));
    }

    [Fact]
    public async Task A_commit_settling_one_message_twice_applies_nothing()
    {
        await _broker.SendAsync("input", Messages.Text("in"));
        using var receiver = _broker.CreateReceiver("input", ReceiveMode.PeekLock).Ok();
        var input = receiver.Single();
        var transaction = new BrokerTransaction();
        transaction.EnlistSettlement("input", input.LockToken, new Settlement(SettlementKind.DeadLetter, Reason: "first"));
        transaction.EnlistSend("output", [Messages.Text("out")]);
        transaction.EnlistSettlement("input", input.LockToken, Settlement.Complete);

        (await _broker.CommitAsync(transaction)).Fails(BrokerCondition.TransactionRollback);

        var counts = _broker.CountMessages();
        Assert.Equal((1, 0, 0), (counts[0].Active, counts[0].DeadLettered, counts[1].Active));
        (await _broker.CompleteAsync("input", input.LockToken)).Ok();
    }
}
