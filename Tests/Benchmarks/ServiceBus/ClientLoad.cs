using System.Diagnostics;
using ServiceBus;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Hosting;

namespace Benchmarks.ServiceBus;

/// <summary>
/// <c>client [--messages N] [--concurrency C] [--prefetch P] [--senders S] [--durable]</c>: our Service Bus client
/// against our emulator in this process over 127.0.0.1 with 1 KB messages: batched sends, then a processor's peek-lock
/// receive + complete, the same in receive-and-delete mode (no settlement), then send and peek-lock processing at once
/// (the end-to-end figure).
/// </summary>
public static class ClientLoad
{
    private const string Queue = "store-events";
    private static readonly byte[] Body = new byte[1024];

    public static async Task<int> RunAsync(string[] args)
    {
        var messages = Option(args, "--messages", 100_000);
        var concurrency = Option(args, "--concurrency", 16);
        var prefetch = Option(args, "--prefetch", 100);
        var senders = Option(args, "--senders", 4);
        var durable = args.Contains("--durable");
        var dataDirectory = durable ? Path.Combine(Path.GetTempPath(), "sbclient-load-" + Guid.NewGuid().ToString("N")) : null;
        Console.WriteLine($"client load: {Environment.ProcessorCount} cores, {messages:N0} messages of {Body.Length} bytes, {senders} batch senders, " +
                          $"processor MaxConcurrentCalls={concurrency} PrefetchCount={prefetch}, emulator {(durable ? "durable (journal)" : "in memory")}");
        try
        {
            await using var host = await ServiceBusEmulatorHost.StartAsync(new EmulatorOptions
            {
                Configuration = new EmulatorConfiguration
                {
                    Queues =
                    [
                        new QueueDefinition(Queue)
                        {
                            Properties = new EntityProperties { LockDuration = TimeSpan.FromMinutes(1), MaxDeliveryCount = 10, DefaultMessageTimeToLive = TimeSpan.FromDays(1) },
                        },
                    ],
                },
                Port = 0,
                ManagementPort = -1,
                DataDirectory = dataDirectory,
            });
            await using var client = new ServiceBusClient(host.ConnectionString!);
            await using var sender = client.CreateSender(Queue);
            await SendAsync(sender, 1000, senders); // warm-up: connection, links, JIT
            await ProcessAsync(client, 1000, concurrency, prefetch);

            var sendTime = await SendAsync(sender, messages, senders);
            Report("send (batched)", messages, sendTime);
            var processTime = await ProcessAsync(client, messages, concurrency, prefetch);
            Report("processor receive + complete", messages, processTime);

            // The same flow without settlement round trips: the gap to the line above is what peek-lock settlement costs.
            await SendAsync(sender, messages, senders);
            var deleteTime = await ProcessAsync(client, messages, concurrency, prefetch, ServiceBusReceiveMode.ReceiveAndDelete);
            Report("processor receive-and-delete (no settlement)", messages, deleteTime);

            var both = Stopwatch.StartNew();
            var processing = ProcessAsync(client, messages, concurrency, prefetch);
            await SendAsync(sender, messages, senders);
            await processing;
            both.Stop();
            Report("send + receive + complete at once (end to end)", messages, both.Elapsed);
        }
        finally
        {
            if (dataDirectory is not null && Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }

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
        await using var processor = client.CreateProcessor(Queue, new ServiceBusProcessorOptions
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

    private static void Report(string scenario, int messages, TimeSpan elapsed) =>
        Console.WriteLine($"  {scenario,-50} {messages / elapsed.TotalSeconds,10:N0} msgs/s  ({messages:N0} in {elapsed.TotalSeconds:N2} s)");

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}
