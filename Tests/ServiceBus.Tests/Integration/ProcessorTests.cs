using System.Collections.Concurrent;
using ServiceBus.Tests.Support;

namespace ServiceBus.Tests.Integration;

public sealed class ProcessorTests : EmulatorTest
{
    [Fact]
    public async Task Processor_runs_handlers_concurrently_and_auto_completes_every_message_once()
    {
        const int count = 60;
        await using var sender = Client.CreateSender("long-lock");
        await sender.SendMessagesAsync(Enumerable.Range(0, count).Select(i => new ServiceBusMessage($"m{i}") { MessageId = $"id-{i}" }));
        var handled = new ConcurrentDictionary<string, int>();
        var running = 0;
        var maxRunning = 0;
        var errors = new ConcurrentQueue<Exception>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = Client.CreateProcessor("long-lock", new ServiceBusProcessorOptions { MaxConcurrentCalls = 8, PrefetchCount = 10 });
        processor.ProcessMessageAsync += async args =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            await Task.Delay(50);
            Interlocked.Decrement(ref running);
            if (handled.AddOrUpdate(args.Message.MessageId!, 1, (_, n) => n + 1) == 1 && handled.Count == count)
            {
                done.TrySetResult();
            }
        };
        processor.ProcessErrorAsync += args =>
        {
            errors.Enqueue(args.Exception);
            return Task.CompletedTask;
        };

        await processor.StartProcessingAsync();
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await processor.StopProcessingAsync();

        Assert.Empty(errors);
        Assert.Equal(count, handled.Count);
        Assert.All(handled.Values, n => Assert.Equal(1, n));
        Assert.InRange(maxRunning, 2, 8);
        await using var receiver = Client.CreateReceiver("long-lock");
        Assert.Empty(await receiver.PeekMessagesAsync(100, fromSequenceNumber: 1));
    }

    [Fact]
    public async Task Processor_renews_the_lock_while_a_slow_handler_runs()
    {
        await using var sender = Client.CreateSender("orders");
        await sender.SendMessageAsync(new ServiceBusMessage("slow") { MessageId = "slow-1" });
        var calls = 0;
        var deliveryCounts = new ConcurrentQueue<int>();
        var errors = new ConcurrentQueue<Exception>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = Client.CreateProcessor("orders", new ServiceBusProcessorOptions { MaxAutoLockRenewalDuration = TimeSpan.FromMinutes(1) });
        processor.ProcessMessageAsync += async args =>
        {
            Interlocked.Increment(ref calls);
            deliveryCounts.Enqueue(args.Message.DeliveryCount);
            await Task.Delay(TimeSpan.FromSeconds(9)); // the queue's lock is 5 s
            await args.CompleteMessageAsync(args.Message);
            done.TrySetResult();
        };
        processor.ProcessErrorAsync += args =>
        {
            errors.Enqueue(args.Exception);
            return Task.CompletedTask;
        };

        await processor.StartProcessingAsync();
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1));
        await processor.StopProcessingAsync();

        Assert.Empty(errors);
        Assert.Equal(1, calls);
        Assert.Equal([1], deliveryCounts);
    }

    [Fact]
    public async Task Handler_failure_is_reported_and_the_message_abandoned_for_redelivery()
    {
        await using var sender = Client.CreateSender("orders");
        await sender.SendMessageAsync(new ServiceBusMessage("flaky") { MessageId = "f-1" });
        var deliveryCounts = new ConcurrentQueue<int>();
        var errors = new ConcurrentQueue<ProcessErrorEventArgs>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = Client.CreateProcessor("orders");
        processor.ProcessMessageAsync += args =>
        {
            deliveryCounts.Enqueue(args.Message.DeliveryCount);
            if (args.Message.DeliveryCount == 1)
            {
                throw new InvalidOperationException("first attempt fails");
            }

            done.TrySetResult();
            return Task.CompletedTask;
        };
        processor.ProcessErrorAsync += args =>
        {
            errors.Enqueue(args);
            return Task.CompletedTask;
        };

        await processor.StartProcessingAsync();
        await done.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await processor.StopProcessingAsync();

        Assert.Equal([1, 2], deliveryCounts);
        var error = Assert.Single(errors);
        Assert.Equal(ServiceBusErrorSource.ProcessMessageCallback, error.ErrorSource);
        Assert.Equal("orders", error.EntityPath);
        await using var receiver = Client.CreateReceiver("orders");
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Processor_needs_both_handlers_before_it_starts()
    {
        await using var processor = Client.CreateProcessor("orders");
        processor.ProcessMessageAsync += _ => Task.CompletedTask;

        await Assert.ThrowsAsync<InvalidOperationException>(() => processor.StartProcessingAsync());
        Assert.False(processor.IsProcessing);
    }

    [Fact]
    public async Task Disposing_the_client_ends_a_running_processor_and_later_calls_fail_as_disposed()
    {
        var client = TestClients.Create(Emulator.ConnectionString);
        var processor = client.CreateProcessor("orders");
        processor.ProcessMessageAsync += _ => Task.CompletedTask;
        var errors = 0;
        processor.ProcessErrorAsync += _ =>
        {
            Interlocked.Increment(ref errors);
            return Task.CompletedTask;
        };
        await processor.StartProcessingAsync();
        await Task.Delay(300);

        await client.DisposeAsync();
        await processor.StopProcessingAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(client.IsClosed);
        Assert.InRange(errors, 0, 1);
        await using var sender = client.CreateSender("orders");
        await Assert.ThrowsAsync<ObjectDisposedException>(() => sender.SendMessageAsync(new ServiceBusMessage("late")));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
