using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Tests.Support;

namespace ServiceBusEmulator.Tests.Broker;

/// <summary>Receivers waiting for credit to be used are woken by the broker, never by polling.</summary>
public class WaitingReceiverTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Waiting_receiver_is_woken_by_a_send()
    {
        var (broker, _) = TestBroker.Create(TestBroker.Queue("q1"));
        using var receiver = broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var receiving = receiver.ReceiveAsync(5).AsTask();
        Assert.False(receiving.IsCompleted);

        await broker.SendAsync("q1", Messages.Text("x"));

        Assert.Equal("x", Messages.BodyOf(Assert.Single((await receiving.WaitAsync(Patience)).Ok())));
    }

    [Fact]
    public async Task Waiting_receiver_is_woken_when_a_scheduled_message_becomes_due()
    {
        var (broker, clock) = TestBroker.Create(TestBroker.Queue("q1"));
        var message = Messages.Text("due");
        message.ScheduledEnqueueTime = clock.GetUtcNow().AddMinutes(5);
        await broker.ScheduleAsync("q1", [message]);
        using var receiver = broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var receiving = receiver.ReceiveAsync(1).AsTask();

        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal("due", Messages.BodyOf(Assert.Single((await receiving.WaitAsync(Patience)).Ok())));
    }

    [Fact]
    public async Task Waiting_receiver_is_woken_when_a_lock_expires()
    {
        var (broker, clock) = TestBroker.Create(TestBroker.Queue("q1", new EntityProperties { LockDuration = TimeSpan.FromSeconds(10) }));
        await broker.SendAsync("q1", Messages.Text("x"));
        using var first = broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        first.Single();
        using var second = broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var receiving = second.ReceiveAsync(1).AsTask();

        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, Assert.Single((await receiving.WaitAsync(Patience)).Ok()).DeliveryCount);
    }

    [Fact]
    public async Task Waiting_receiver_stops_when_cancelled()
    {
        var (broker, _) = TestBroker.Create(TestBroker.Queue("q1"));
        using var receiver = broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        using var cancellation = new CancellationTokenSource();
        var receiving = receiver.ReceiveAsync(1, cancellation.Token).AsTask();

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receiving.WaitAsync(Patience));
    }

    [Fact]
    public async Task Waiting_receiver_learns_that_the_broker_stopped()
    {
        var (broker, _) = TestBroker.Create(TestBroker.Queue("q1"));
        using var receiver = broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var receiving = receiver.ReceiveAsync(1).AsTask();

        await broker.DisposeAsync();

        (await receiving.WaitAsync(Patience)).Fails(BrokerCondition.InternalError);
    }

    [Fact]
    public async Task Real_clock_lock_expiry_redelivers_the_message()
    {
        var broker = MessageBroker.CreateInMemory(new EmulatorConfiguration
        {
            Queues = [new QueueDefinition("q1") { Properties = new EntityProperties { LockDuration = TimeSpan.FromMilliseconds(200) } }],
        });
        await using var _ = broker;
        await broker.SendAsync("q1", Messages.Text("x"));
        using var receiver = broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var first = Assert.Single((await receiver.ReceiveAsync(1)).Ok());

        var again = Assert.Single((await receiver.ReceiveAsync(1).AsTask().WaitAsync(Patience)).Ok());

        Assert.Equal(first.SequenceNumber, again.SequenceNumber);
        Assert.Equal(1, again.DeliveryCount);
    }

    [Fact]
    public async Task Real_clock_scheduled_message_arrives_when_due()
    {
        var broker = MessageBroker.CreateInMemory(new EmulatorConfiguration { Queues = [new QueueDefinition("q1")] });
        await using var _ = broker;
        var message = Messages.Text("soon");
        message.ScheduledEnqueueTime = DateTimeOffset.UtcNow.AddMilliseconds(150);
        await broker.SendAsync("q1", message);
        using var receiver = broker.CreateReceiver("q1", ReceiveMode.ReceiveAndDelete).Ok();

        var received = Assert.Single((await receiver.ReceiveAsync(1).AsTask().WaitAsync(Patience)).Ok());

        Assert.Equal("soon", Messages.BodyOf(received));
        Assert.True(DateTimeOffset.UtcNow >= message.ScheduledEnqueueTime);
    }
}
