using System.Diagnostics;
using Azure.Messaging.ServiceBus;

namespace Benchmarks.ServiceBus;

/// <summary>
/// <c>sdk [--messages N] [--concurrency C] [--prefetch P] [--senders S] [--durable]</c>: the official
/// Azure.Messaging.ServiceBus client (the one the services use) against our emulator in this process over 127.0.0.1
/// with 1 KB messages: batched sends, then a processor's peek-lock receive + complete, the same in receive-and-delete
/// mode (no settlement), then send and peek-lock processing at once (the end-to-end figure).
/// </summary>
public static class SdkClientLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = ClientLoadOptions.Parse(args);
        Console.WriteLine($"official SDK (Azure.Messaging.ServiceBus) load: {options.Describe()}");
        await using var emulator = await LoadEmulator.StartAsync(options.Durable);
        await using var client = new ServiceBusClient(emulator.ConnectionString);
        await using var sender = client.CreateSender(LoadEmulator.Queue);
        await SendAsync(sender, 1000, options.Senders); // warm-up: connection, links, JIT
        await ProcessAsync(client, 1000, options.Concurrency, options.Prefetch);

        ClientLoadOptions.Report("send (batched)", options.Messages, await SendAsync(sender, options.Messages, options.Senders));
        ClientLoadOptions.Report("processor receive + complete", options.Messages, await ProcessAsync(client, options.Messages, options.Concurrency, options.Prefetch));

        // The same flow without settlement round trips: the gap to the line above is what peek-lock settlement costs.
        await SendAsync(sender, options.Messages, options.Senders);
        var deleteTime = await ProcessAsync(client, options.Messages, options.Concurrency, options.Prefetch, ServiceBusReceiveMode.ReceiveAndDelete);
        ClientLoadOptions.Report("processor receive-and-delete (no settlement)", options.Messages, deleteTime);

        var both = Stopwatch.StartNew();
        var processing = ProcessAsync(client, options.Messages, options.Concurrency, options.Prefetch);
        await SendAsync(sender, options.Messages, options.Senders);
        await processing;
        ClientLoadOptions.Report("send + receive + complete at once (end to end)", options.Messages, both.Elapsed);
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
                var message = new ServiceBusMessage(ClientLoadOptions.Body) { MessageId = Guid.NewGuid().ToString("N"), ContentType = "application/json" };
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
        await using var processor = client.CreateProcessor(LoadEmulator.Queue, new ServiceBusProcessorOptions
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
