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
    public async Task Without_auto_complete_a_handler_that_throws_gets_its_message_abandoned_at_once_and_the_processor_keeps_going()
    {
        // The queue's lock is a minute: a redelivery well inside that is the abandon, not the lock running out.
        await using var sender = Client.CreateSender("long-lock");
        await sender.SendMessageAsync(new ServiceBusMessage("buggy") { MessageId = "bug-1" });
        var deliveries = new ConcurrentQueue<(string MessageId, int DeliveryCount)>();
        var errors = new ConcurrentQueue<ProcessErrorEventArgs>();
        var redelivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var nextHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = Client.CreateProcessor("long-lock", new ServiceBusProcessorOptions { AutoCompleteMessages = false, MaxConcurrentCalls = 1 });
        processor.ProcessMessageAsync += async args =>
        {
            deliveries.Enqueue((args.Message.MessageId!, args.Message.DeliveryCount));
            if (args.Message.MessageId == "bug-1" && args.Message.DeliveryCount == 1)
            {
                throw new InvalidOperationException("a bug in the handler");
            }

            await args.CompleteMessageAsync(args.Message);
            (args.Message.MessageId == "bug-1" ? redelivered : nextHandled).TrySetResult();
        };
        processor.ProcessErrorAsync += args =>
        {
            errors.Enqueue(args);
            return Task.CompletedTask;
        };

        await processor.StartProcessingAsync();
        await redelivered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await sender.SendMessageAsync(new ServiceBusMessage("next") { MessageId = "next-1" });
        await nextHandled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await processor.StopProcessingAsync();

        Assert.Equal([("bug-1", 1), ("bug-1", 2), ("next-1", 1)], deliveries);
        var error = Assert.Single(errors);
        Assert.Equal(ServiceBusErrorSource.ProcessMessageCallback, error.ErrorSource);
        Assert.IsType<InvalidOperationException>(error.Exception);
        await using var receiver = Client.CreateReceiver("long-lock");
        Assert.Empty(await receiver.PeekMessagesAsync(10, fromSequenceNumber: 1));
    }

    [Fact]
    public async Task A_handler_that_settles_and_then_throws_is_reported_and_its_settlement_stands()
    {
        await using var sender = Client.CreateSender("long-lock");
        await sender.SendMessageAsync(new ServiceBusMessage("settled first") { MessageId = "dl-1" });
        var calls = 0;
        var errors = new ConcurrentQueue<ProcessErrorEventArgs>();
        var reported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = Client.CreateProcessor("long-lock", new ServiceBusProcessorOptions { AutoCompleteMessages = false });
        processor.ProcessMessageAsync += async args =>
        {
            Interlocked.Increment(ref calls);
            await args.DeadLetterMessageAsync(args.Message, "Rejected", "the handler decided");
            throw new InvalidOperationException("failure after settling");
        };
        processor.ProcessErrorAsync += args =>
        {
            errors.Enqueue(args);
            reported.TrySetResult();
            return Task.CompletedTask;
        };

        await processor.StartProcessingAsync();
        await reported.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await using var deadLetters = Client.CreateReceiver("long-lock", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var deadLetter = await PollAsync(() => deadLetters.PeekMessageAsync(), TimeSpan.FromSeconds(30));
        await processor.StopProcessingAsync();

        // No abandon was attempted on the settled message (that would be a second, failing report), and it stays dead-lettered.
        Assert.Equal(1, calls);
        var error = Assert.Single(errors);
        Assert.Equal(ServiceBusErrorSource.ProcessMessageCallback, error.ErrorSource);
        Assert.Equal("dl-1", deadLetter.MessageId);
        Assert.Equal("Rejected", deadLetter.DeadLetterReason);
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

    private static async Task<T> PollAsync<T>(Func<Task<T?>> read, TimeSpan timeout) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await read() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold in time");
            await Task.Delay(100);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
