using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Hosting;

namespace Benchmarks.ServiceBus;

/// <summary>
/// <c>sdk [--messages N] [--concurrency C] [--prefetch P] [--senders S] [--durable]</c>: the official .NET SDK
/// (Azure.Messaging.ServiceBus) against our emulator in this process over 127.0.0.1 with 1 KB messages: batched sends,
/// a processor's peek-lock receive + complete, the same in receive-and-delete mode (no settlement), then send and
/// peek-lock processing at once (the end-to-end figure).
/// </summary>
public static class SdkLoad
{
    public const string Queue = "store-events";
    private static readonly byte[] Body = new byte[1024];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = LoadOptions.Parse(args);
        Console.WriteLine($"official SDK load: {options.Describe(Body.Length)}");
        await using var emulator = options.Connection is null ? await LoadEmulator.StartAsync(options.Durable) : null;
        await using var client = new ServiceBusClient(options.Connection ?? emulator!.Host.ConnectionString!);
        await using var sender = client.CreateSender(Queue);
        await SendAsync(sender, 1000, options.Senders); // warm-up: connection, links, JIT
        await ProcessAsync(client, 1000, options);

        await LoadOptions.MeasureAsync("send (batched)", options.Messages, () => SendAsync(sender, options.Messages, options.Senders));
        await LoadOptions.MeasureAsync("processor receive + complete", options.Messages, () => ProcessAsync(client, options.Messages, options));

        // The same flow without settlement round trips: the gap to the line above is what peek-lock settlement costs.
        await SendAsync(sender, options.Messages, options.Senders);
        await LoadOptions.MeasureAsync("processor receive-and-delete (no settlement)", options.Messages,
            () => ProcessAsync(client, options.Messages, options, ServiceBusReceiveMode.ReceiveAndDelete));

        await LoadOptions.MeasureAsync("send + receive + complete at once (end to end)", options.Messages, async () =>
        {
            var both = Stopwatch.StartNew();
            var processing = ProcessAsync(client, options.Messages, options);
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
            while (Interlocked.Increment(ref next) < messages)
            {
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

            batch?.Dispose();
        })));
        return stopwatch.Elapsed;
    }

    private static async Task<TimeSpan> ProcessAsync(ServiceBusClient client, int messages, LoadOptions options,
        ServiceBusReceiveMode mode = ServiceBusReceiveMode.PeekLock)
    {
        var processed = 0;
        var errors = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = client.CreateProcessor(Queue, new ServiceBusProcessorOptions
        {
            MaxConcurrentCalls = options.Concurrency,
            PrefetchCount = options.Prefetch,
            AutoCompleteMessages = true,
            ReceiveMode = mode,
        });
        processor.ProcessMessageAsync += _ =>
        {
            if (Interlocked.Increment(ref processed) == messages)
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
        var stopwatch = Stopwatch.StartNew();
        await processor.StartProcessingAsync();
        await done.Task;
        stopwatch.Stop();
        await processor.StopProcessingAsync();
        return stopwatch.Elapsed;
    }
}
