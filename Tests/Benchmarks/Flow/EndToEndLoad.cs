using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Benchmarks.Storage;
using Consumer.Extensions;
using Consumer.Processing;
using Consumer.Storage;
using Contracts;
using Contracts.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodeEmulators;
using Producer.Generation;
using ServiceBusEmulator.Hosting;
using ServiceTesting;

namespace Benchmarks.Flow;

/// <summary>
/// End-to-end events/s: HTTP request to the real producer process → our Service Bus emulator → 1, 2 and 4 in-process
/// consumers → persisted in Azurite and the Cosmos emulator; printed next to the storage ceiling (the two emulators'
/// write rates measured alone, in the same run, with <see cref="StorageWriteLoad.MeasureWritesAsync"/>) and with the
/// p50/p99 latency from enqueue to persisted (the consumers' <c>store_events.persisted.latency</c>).
/// </summary>
internal static class EndToEndLoad
{
    private const string QueueName = "store-events";

    public static async Task<int> RunAsync(string[] args)
    {
        var eventCount = 4000;
        int[] consumerCounts = [1, 2, 4];
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--events":
                    eventCount = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--consumers":
                    consumerCounts = args[++i].Split(',').Select(value => int.Parse(value, CultureInfo.InvariantCulture)).ToArray();
                    break;
                default:
                    Console.Error.WriteLine($"flow: unknown option {args[i]}");
                    return 2;
            }
        }

        var configPath = Path.Combine(Path.GetTempPath(), $"flow-load-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(configPath, EmulatorConfig);
        try
        {
            await using var serviceBus = await ServiceBusEmulatorHost.StartAsync(new EmulatorOptions { ConfigPath = configPath, Port = 0, ManagementPort = -1 });
            await using var azurite = await AzuriteEmulator.StartAsync();
            await using var cosmos = await CosmosEmulator.StartAsync();
            var producerPort = FreePort();
            using var producer = StartProducer(producerPort, serviceBus.ConnectionString!);
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{producerPort}") };
                await WaitForProducerAsync(http);
                Console.WriteLine($"flow load: {eventCount} good events per run, {Environment.ProcessorCount} cores; producer process, Service Bus emulator in-process, Azurite, Cosmos emulator");

                // Warm-up: JIT, connections and links in every part, not reported.
                await RunOnceAsync(http, azurite, cosmos, serviceBus.ConnectionString!, "warmup", 1, 500);
                var runs = new List<(int Consumers, (double EventsPerSecond, double P50, double P99) Run)>();
                foreach (var consumers in consumerCounts)
                {
                    runs.Add((consumers, await RunOnceAsync(http, azurite, cosmos, serviceBus.ConnectionString!, $"flow-{consumers}", consumers, eventCount)));
                }

                // Measured after the flow, on the same warm emulators, so that both sides see the same conditions.
                var ceiling = await MeasureCeilingAsync(azurite, cosmos, eventCount);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"storage ceiling (each emulator alone, concurrency 64, same run): Blob {ceiling.Blob:F0} writes/s, Cosmos {ceiling.Cosmos:F0} creates/s; an event needs one of each: ceiling = the slower, {ceiling.Slower:F0} events/s"));
                foreach (var (consumers, run) in runs)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"consumers {consumers}: {run.EventsPerSecond,6:F0} events/s end to end ({run.EventsPerSecond / ceiling.Slower:P0} of the ceiling)   enqueue->persisted p50 {run.P50,6:F0} ms   p99 {run.P99,6:F0} ms"));
                }
            }
            finally
            {
                if (!producer.HasExited)
                {
                    producer.Kill(entireProcessTree: true);
                }

                await producer.WaitForExitAsync();
            }
        }
        finally
        {
            File.Delete(configPath);
        }

        return 0;
    }

    private static async Task<(double Blob, double Cosmos, double Slower)> MeasureCeilingAsync(AzuriteEmulator azurite, CosmosEmulator cosmos, int eventCount)
    {
        var generator = new StoreEventGenerator(new StoreEventGeneratorOptions { BadEventShare = 0, Seed = 7 }, TimeProvider.System);
        var messages = generator.Generate(eventCount).Select(generated => StoreEventValidator.Validate(generated.EventType, generated.Body).Message!).ToArray();
        var blobService = IntegrationClients.Blobs(azurite.ConnectionString);
        using var cosmosClient = IntegrationClients.Cosmos(cosmos.ConnectionString, EventStore.ConfigureClientOptions);
        await StorageWriteLoad.MeasureWritesAsync(blobService, cosmosClient, "ceiling-warmup", messages[..Math.Min(300, messages.Length)], 64);
        var (blob, cosmosRate, _) = await StorageWriteLoad.MeasureWritesAsync(blobService, cosmosClient, "ceiling", messages, 64);
        // The two emulators are separate processes the consumers write to at the same time, so the flow can go no
        // faster than the slower of them.
        return (blob, cosmosRate, Math.Min(blob, cosmosRate));
    }

    private static async Task<(double EventsPerSecond, double P50, double P99)> RunOnceAsync(
        HttpClient http, AzuriteEmulator azurite, CosmosEmulator cosmos, string serviceBusConnectionString, string container, int consumerCount, int eventCount)
    {
        var latencies = new ConcurrentBag<double>();
        long completed = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter.Name == ConsumerMetrics.MeterName && instrument.Name is "store_events.persisted.latency" or "store_events.settled")
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => latencies.Add(value));
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome" && (string?)tag.Value == "completed")
                {
                    Interlocked.Add(ref completed, value);
                }
            }
        });
        listener.Start();

        var hosts = new List<IHost>();
        try
        {
            for (var i = 0; i < consumerCount; i++)
            {
                hosts.Add(await StartConsumerAsync(serviceBusConnectionString, azurite, cosmos, container));
            }

            var clock = Stopwatch.StartNew();
            const int perRequest = 1000;
            var requests = Enumerable.Range(0, (eventCount + perRequest - 1) / perRequest)
                .Select(async index =>
                {
                    var count = Math.Min(perRequest, eventCount - index * perRequest);
                    using var response = await http.PostAsync($"/api/events?count={count}", null);
                    response.EnsureSuccessStatusCode();
                });
            await Task.WhenAll(requests);
            var deadline = DateTime.UtcNow.AddMinutes(5);
            while (Interlocked.Read(ref completed) < eventCount)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"only {Interlocked.Read(ref completed)} of {eventCount} events were persisted within 5 minutes");
                }

                await Task.Delay(20);
            }

            var elapsed = clock.Elapsed;
            var sorted = latencies.Order().ToArray();
            return (eventCount / elapsed.TotalSeconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
    }

    private static async Task<IHost> StartConsumerAsync(string serviceBusConnectionString, AzuriteEmulator azurite, CosmosEmulator cosmos, string container)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:servicebus"] = serviceBusConnectionString,
            ["ConnectionStrings:blobs"] = azurite.ConnectionString,
            ["ConnectionStrings:cosmos"] = cosmos.ConnectionString,
            ["ServiceBus:QueueName"] = QueueName,
            ["EventArchive:ContainerName"] = container,
            ["EventArchive:CreateIfNotExists"] = "true",
            ["EventStore:DatabaseName"] = container,
            ["EventStore:CreateIfNotExists"] = "true",
        });
        builder.AddEventStorage();
        builder.AddEventProcessing();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static Process StartProducer(int port, string serviceBusConnectionString)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Producer.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__servicebus"] = serviceBusConnectionString;
        start.Environment["ServiceBus__QueueName"] = QueueName;
        // Only good events: the figure is events persisted per second.
        start.Environment["StoreEventGenerator__BadEventShare"] = "0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                Console.Error.WriteLine($"producer: {line.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForProducerAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/alive");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the producer did not answer /alive within 60 s");
            }

            await Task.Delay(200);
        }
    }

    private static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private const string EmulatorConfig = """
        {"UserConfig":{"Namespaces":[{"Name":"sbemulatorns","Queues":[{"Name":"store-events","Properties":{
          "DeadLetteringOnMessageExpiration":true,"DefaultMessageTimeToLive":"P1D","DuplicateDetectionHistoryTimeWindow":"PT10M",
          "ForwardDeadLetteredMessagesTo":"","ForwardTo":"","LockDuration":"PT1M","MaxDeliveryCount":10,
          "RequiresDuplicateDetection":false,"RequiresSession":false}}],"Topics":[]}],"Logging":{"Type":"Console"}}}
        """;
}
