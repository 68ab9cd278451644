using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using ServiceBusEmulator.DotNetConformance.Support;

namespace ServiceBusEmulator.DotNetConformance;

/// <summary>The <see cref="ServiceBusProcessor"/> with concurrent handlers, manual settlement and automatic lock renewal.</summary>
public sealed class ProcessorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task The_processor_settles_every_message_once_and_retries_the_abandoned_one()
    {
        await using var client = emulator.CreateClient();
        await client.CreateSender("processor").SendMessagesAsync(Enumerable.Range(0, 40).Select(i => new ServiceBusMessage($"{i}") { MessageId = $"p-{i}" }));
        var completed = new ConcurrentDictionary<string, int>();
        var attemptsOfFlaky = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = client.CreateProcessor("processor", new ServiceBusProcessorOptions
        {
            MaxConcurrentCalls = 4,
            AutoCompleteMessages = false,
            PrefetchCount = 10,
            MaxAutoLockRenewalDuration = TimeSpan.FromMinutes(1),
        });
        processor.ProcessMessageAsync += async args =>
        {
            if (args.Message.MessageId == "p-7" && Interlocked.Increment(ref attemptsOfFlaky) == 1)
            {
                await args.AbandonMessageAsync(args.Message);
                return;
            }

            await args.CompleteMessageAsync(args.Message);
            if (completed.AddOrUpdate(args.Message.MessageId, 1, (_, n) => n + 1) > 0 && completed.Count == 40)
            {
                done.TrySetResult();
            }
        };
        processor.ProcessErrorAsync += args =>
        {
            done.TrySetException(args.Exception);
            return Task.CompletedTask;
        };

        await processor.StartProcessingAsync();
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await processor.StopProcessingAsync();

        Assert.All(completed.Values, count => Assert.Equal(1, count));
        Assert.Equal(2, attemptsOfFlaky);
        Assert.Null(await client.CreateReceiver("processor").PeekMessageAsync());
    }

    [Fact]
    public async Task The_processor_renews_the_lock_while_a_slow_handler_runs()
    {
        await using var client = emulator.CreateClient();
        await client.CreateSender("short-lock").SendMessageAsync(new ServiceBusMessage("slow") { MessageId = "slow" });
        var handled = new TaskCompletionSource<(int DeliveryCount, DateTimeOffset FirstLock, DateTimeOffset LockAtEnd)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = client.CreateProcessor("short-lock", new ServiceBusProcessorOptions
        {
            AutoCompleteMessages = false,
            MaxAutoLockRenewalDuration = TimeSpan.FromMinutes(1),
        });
        processor.ProcessMessageAsync += async args =>
        {
            var firstLock = args.Message.LockedUntil;
            await Task.Delay(TimeSpan.FromSeconds(7)); // longer than the queue's 5 s lock
            await args.CompleteMessageAsync(args.Message);
            handled.TrySetResult((args.Message.DeliveryCount, firstLock, args.Message.LockedUntil));
        };
        processor.ProcessErrorAsync += args =>
        {
            handled.TrySetException(args.Exception);
            return Task.CompletedTask;
        };

        await processor.StartProcessingAsync();
        var (deliveryCount, firstLock, lockAtEnd) = await handled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await processor.StopProcessingAsync();

        Assert.Equal(1, deliveryCount);
        Assert.True(lockAtEnd > firstLock, $"the lock was never renewed ({firstLock:O} → {lockAtEnd:O})");
        Assert.Null(await client.CreateReceiver("short-lock").PeekMessageAsync());
    }
}
