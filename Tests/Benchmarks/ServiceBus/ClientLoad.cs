using System.Diagnostics;
using ServiceBus;

namespace Benchmarks.ServiceBus;

/// <summary>
/// Everything that drives our own Service Bus client (<c>ServiceBus/</c>), in one file so that it goes with the client:
/// <c>client [options]</c> runs it alone; <c>compare [options]</c> runs the official SDK (<see cref="SdkLoad"/>) and our
/// client one after the other in this process, in memory and then durable, so one run shows what the switch costs.
/// Options and scenarios are <see cref="SdkLoad"/>'s.
/// </summary>
public static class ClientLoad
{
    private static readonly byte[] Body = new byte[1024];

    public static async Task<int> CompareAsync(string[] args)
    {
        var plain = args.Where(arg => arg != "--durable").ToArray();
        foreach (var mode in new[] { plain, [.. plain, "--durable"] })
        {
            await SdkLoad.RunAsync(mode);
            await RunAsync(mode);
        }

        return 0;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var options = LoadOptions.Parse(args);
        Console.WriteLine($"our client load: {options.Describe(Body.Length)}");
        await using var emulator = options.Connection is null ? await LoadEmulator.StartAsync(options.Durable) : null;
        await using var client = new ServiceBusClient(options.Connection ?? emulator!.Host.ConnectionString!);
        await using var sender = client.CreateSender(SdkLoad.Queue);
        await SendAsync(sender, 1000, options.Senders); // warm-up: connection, links, JIT
        await ProcessAsync(client, 1000, options.Concurrency, options.Prefetch);

        await LoadOptions.MeasureAsync("send (batched)", options.Messages, () => SendAsync(sender, options.Messages, options.Senders));
        await LoadOptions.MeasureAsync("processor receive + complete", options.Messages, () => ProcessAsync(client, options.Messages, options.Concurrency, options.Prefetch));

        await SendAsync(sender, options.Messages, options.Senders);
        await LoadOptions.MeasureAsync("processor receive-and-delete (no settlement)", options.Messages,
            () => ProcessAsync(client, options.Messages, options.Concurrency, options.Prefetch, ServiceBusReceiveMode.ReceiveAndDelete));

        await LoadOptions.MeasureAsync("send + receive + complete at once (end to end)", options.Messages, async () =>
        {
            var both = Stopwatch.StartNew();
            var processing = ProcessAsync(client, options.Messages, options.Concurrency, options.Prefetch);
            await SendAsync(sender, options.Messages, options.Senders);
            await processing;
            return both.Elapsed;
        });
        return 0;
    }

    private static async Task<TimeSpan> SendAsync(ServiceBusSender sender, int messages, int senders)
    {
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
        {
            ServiceBusMessageBatch? batch = null;
            while (true)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= messages)
                {
                    break;
                }

                batch ??= await sender.CreateMessageBatchAsync();
                var message = new ServiceBusMessage(Body) { MessageId = Guid.NewGuid().ToString("N"), ContentType = "application/json" };
                if (!batch.TryAddMessage(message))
                {
                    await sender.SendMessagesAsync(batch);
                    batch.Dispose();
                    batch = await sender.CreateMessageBatchAsync();
                    batch.TryAddMessage(message);
                }
            }

            if (batch is { Count: > 0 })
            {
                await sender.SendMessagesAsync(batch);
            }
        })));
        return stopwatch.Elapsed;
    }

    private static async Task<TimeSpan> ProcessAsync(ServiceBusClient client, int messages, int concurrency, int prefetch,
        ServiceBusReceiveMode mode = ServiceBusReceiveMode.PeekLock)
    {
        var processed = 0;
        var errors = 0;
        Stopwatch? stopwatch = null;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = client.CreateProcessor(SdkLoad.Queue, new ServiceBusProcessorOptions
        {
            MaxConcurrentCalls = concurrency,
            PrefetchCount = prefetch,
            AutoCompleteMessages = true,
            ReceiveMode = mode,
        });
        var firstAt = TimeSpan.Zero;
        processor.ProcessMessageAsync += _ =>
        {
            var count = Interlocked.Increment(ref processed);
            if (count == 1)
            {
                firstAt = stopwatch!.Elapsed;
            }

            if (count == messages)
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        };
        processor.ProcessErrorAsync += args =>
        {
            if (Interlocked.Increment(ref errors) <= 5)
            {
                Console.Error.WriteLine($"  processor error ({args.ErrorSource}): {args.Exception.Message}");
            }

            return Task.CompletedTask;
        };
        stopwatch = Stopwatch.StartNew();
        await processor.StartProcessingAsync();
        await done.Task;
        stopwatch.Stop();
        Console.WriteLine($"    (first message handled after {firstAt.TotalMilliseconds:N0} ms)");
        await processor.StopProcessingAsync();
        return stopwatch.Elapsed;
    }
}
