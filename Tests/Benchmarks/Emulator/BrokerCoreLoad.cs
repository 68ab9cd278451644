using System.Diagnostics;
using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Hosting;

namespace Benchmarks.Emulator;

/// <summary>
/// <c>broker [--messages N] [--workers W]</c>: measures the broker core in-process (no protocol): startup time of the
/// host, then send + peek-lock receive + complete throughput, in memory and with a data directory (fsync'd journal).
/// </summary>
public static class BrokerCoreLoad
{
    private static readonly EmulatorConfiguration Configuration = new()
    {
        Queues =
        [
            new QueueDefinition("store-events")
            {
                Properties = new EntityProperties
                {
                    LockDuration = TimeSpan.FromMinutes(1),
                    MaxDeliveryCount = 10,
                    DefaultMessageTimeToLive = TimeSpan.FromDays(1),
                    DeadLetteringOnMessageExpiration = true,
                    RequiresDuplicateDetection = true,
                    DuplicateDetectionHistoryTimeWindow = TimeSpan.FromMinutes(10),
                },
            },
        ],
    };

    // A typical store event: ~400 bytes of JSON plus AMQP sections.
    private static readonly byte[] Body = new byte[512];

    public static async Task<int> RunAsync(string[] args)
    {
        var messages = Option(args, "--messages", 500_000);
        var workers = Option(args, "--workers", 32);
        Console.WriteLine($"broker core load: {Environment.ProcessorCount} cores, {messages:N0} messages of {Body.Length} bytes, queue with duplicate detection and TTL");

        await MeasureStartupAsync();

        await using (var broker = MessageBroker.CreateInMemory(Configuration))
        {
            Report("in memory, 1 thread, one message per call", SingleThreaded(broker, messages));
        }

        await using (var broker = MessageBroker.CreateInMemory(Configuration))
        {
            Report($"in memory, {workers} workers, ReceiveAsync", await ConcurrentAsync(broker, messages, workers));
        }

        var dataDirectory = Path.Combine(Path.GetTempPath(), "sbemu-load-" + Guid.NewGuid().ToString("N"));
        try
        {
            var durableMessages = Math.Max(workers, messages / 5);
            await using (var broker = await MessageBroker.StartAsync(Configuration, new BrokerOptions { DataDirectory = dataDirectory }))
            {
                Report($"durable (fsync per group commit), {workers} workers", await ConcurrentAsync(broker, durableMessages, workers));
            }

            await using (var broker = await MessageBroker.StartAsync(Configuration, new BrokerOptions { DataDirectory = dataDirectory }))
            {
                Report($"durable, {workers * 8} workers", await ConcurrentAsync(broker, durableMessages, workers * 8));
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }

        return 0;
    }

    private static async Task MeasureStartupAsync()
    {
        var config = Path.Combine(AppContext.BaseDirectory, "Config.json");
        var timings = new List<double>();
        for (var i = 0; i < 11; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            await using var host = await ServiceBusEmulatorHost.StartAsync(new EmulatorOptions { ConfigPath = config, Port = 0, ManagementPort = 0 });
            timings.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        var warm = timings.Skip(1).Order().ToList();
        Console.WriteLine($"in-process host startup (Config.json + broker + health endpoint): first {timings[0]:F1} ms, then median {warm[warm.Count / 2]:F1} ms");
    }

    private static (int Messages, TimeSpan Elapsed) SingleThreaded(MessageBroker broker, int messages)
    {
        using var receiver = broker.CreateReceiver("store-events", ReceiveMode.PeekLock).Value;
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < messages; i++)
        {
            var sent = broker.SendAsync("store-events", new BrokerMessage(Body) { MessageId = i.ToString() });
            Require(sent.IsCompletedSuccessfully && sent.Result.IsSuccess, "send");
            var received = receiver.TryReceive(1).Value;
            var completed = broker.CompleteAsync("store-events", received[0].LockToken);
            Require(completed.IsCompletedSuccessfully && completed.Result.IsSuccess, "complete");
        }

        return (messages, stopwatch.Elapsed);
    }

    private static async Task<(int Messages, TimeSpan Elapsed)> ConcurrentAsync(MessageBroker broker, int messages, int workers)
    {
        var perWorker = messages / workers;
        var prefix = Guid.NewGuid().ToString("N");
        var stopwatch = Stopwatch.StartNew();
        var producers = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWorker; i++)
            {
                var result = await broker.SendAsync("store-events", new BrokerMessage(Body) { MessageId = $"{prefix}-{w}-{i}" });
                Require(result.IsSuccess, "send");
            }
        }));
        var consumers = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            using var receiver = broker.CreateReceiver("store-events", ReceiveMode.PeekLock).Value;
            for (var done = 0; done < perWorker;)
            {
                var batch = (await receiver.ReceiveAsync(Math.Min(16, perWorker - done))).Value;
                foreach (var message in batch)
                {
                    Require((await broker.CompleteAsync("store-events", message.LockToken)).IsSuccess, "complete");
                }

                done += batch.Count;
            }
        }));
        await Task.WhenAll(producers.Concat(consumers));
        return (perWorker * workers, stopwatch.Elapsed);
    }

    private static void Report(string scenario, (int Messages, TimeSpan Elapsed) run) =>
        Console.WriteLine($"{scenario}: {run.Messages:N0} send+receive+complete in {run.Elapsed.TotalSeconds:F2} s = {run.Messages / run.Elapsed.TotalSeconds:N0} msgs/s ({3 * run.Messages / run.Elapsed.TotalSeconds:N0} ops/s)");

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{what} failed during the load run");
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}
