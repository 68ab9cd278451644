using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using Consumer.Storage;
using Contracts;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;
using NodeEmulators;
using Producer.Generation;
using ServiceTesting;

namespace Benchmarks.Storage;

/// <summary>
/// Writes generated events through the consumer's <see cref="EventArchive"/> and <see cref="EventStore"/> from one
/// process with N concurrent writers, against Azurite and the Cosmos emulator started here, and prints writes/s.
/// Bounded: a fixed number of events per run, each run in a fresh container.
/// </summary>
internal static class StorageWriteLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var eventCount = 5000;
        int[] concurrencies = [16, 32];
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--events":
                    eventCount = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--concurrency":
                    concurrencies = args[++i].Split(',').Select(value => int.Parse(value, CultureInfo.InvariantCulture)).ToArray();
                    break;
                default:
                    Console.Error.WriteLine($"storage: unknown option {args[i]}");
                    return 2;
            }
        }

        var generator = new StoreEventGenerator(new StoreEventGeneratorOptions { BadEventShare = 0, Seed = 1 }, TimeProvider.System);
        var messages = generator.Generate(eventCount)
            .Select(generated => Contracts.Validation.StoreEventValidator.Validate(generated.EventType, generated.Body).Message!)
            .ToArray();

        await using var azurite = await AzuriteEmulator.StartAsync();
        await using var cosmos = await CosmosEmulator.StartAsync();
        var blobService = IntegrationClients.Blobs(azurite.ConnectionString);
        using var cosmosClient = IntegrationClients.Cosmos(cosmos.ConnectionString, EventStore.ConfigureClientOptions);

        Console.WriteLine($"storage write load: {eventCount} events per run, {Environment.ProcessorCount} cores, Azurite {azurite.BlobEndpoint}, Cosmos emulator {cosmos.Endpoint}");
        // Warm-up (JIT, connection pools, TLS sessions) on containers of its own, not reported.
        await RunOnceAsync("warmup", messages[..Math.Min(500, messages.Length)], concurrencies[0]);
        foreach (var concurrency in concurrencies)
        {
            var (blobRate, cosmosRate, repeatRate) = await RunOnceAsync($"load-{concurrency}", messages, concurrency);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"concurrency {concurrency,2}: Blob {blobRate,7:F0} writes/s   Cosmos {cosmosRate,7:F0} creates/s   Blob repeat (no-op check) {repeatRate,7:F0} events/s"));
        }

        return 0;

        Task<(double Blob, double Cosmos, double BlobRepeat)> RunOnceAsync(string name, StoreEventMessage[] batch, int concurrency) =>
            MeasureWritesAsync(blobService, cosmosClient, name, batch, concurrency);
    }

    /// <summary>
    /// Blob writes/s, Cosmos creates/s and Blob repeat (already-archived check) events/s of <paramref name="batch"/>
    /// through the consumer's own <see cref="EventArchive"/> and <see cref="EventStore"/>, each measured alone, in
    /// fresh containers named <paramref name="name"/>. The storage ceiling the end-to-end flow is compared with.
    /// </summary>
    public static async Task<(double Blob, double Cosmos, double BlobRepeat)> MeasureWritesAsync(
        BlobServiceClient blobService, CosmosClient cosmosClient, string name, StoreEventMessage[] batch, int concurrency)
    {
        var archive = new EventArchive(blobService, Options.Create(new EventArchiveOptions { ContainerName = name, CreateIfNotExists = true }));
        await archive.InitializeAsync(CancellationToken.None);
        var store = new EventStore(cosmosClient, Options.Create(new EventStoreOptions { DatabaseName = name, CreateIfNotExists = true }));
        await store.InitializeAsync(CancellationToken.None);

        return (
            await MeasureAsync(batch, concurrency, (message, ct) => archive.ArchiveAsync(message, ct)),
            await MeasureAsync(batch, concurrency, store.StoreAsync),
            await MeasureAsync(batch, concurrency, (message, ct) => archive.ArchiveAsync(message, ct)));
    }

    private static async Task<double> MeasureAsync<T>(StoreEventMessage[] messages, int concurrency, Func<StoreEventMessage, CancellationToken, Task<T>> write)
    {
        var elapsed = Stopwatch.StartNew();
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (message, ct) => await write(message, ct));
        return messages.Length / elapsed.Elapsed.TotalSeconds;
    }

    private static Task<double> MeasureAsync(StoreEventMessage[] messages, int concurrency, Func<StoreEventMessage, CancellationToken, Task> write) =>
        MeasureAsync(messages, concurrency, async (message, ct) =>
        {
            await write(message, ct);
            return true;
        });
}
