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
}
