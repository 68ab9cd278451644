using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Azure.Cosmos;
using Azure.Messaging.ServiceBus;

namespace Flow.Tests;

/// <summary>What the flow left behind, counted in the stores themselves: blob names, Cosmos item ids, dead letters.</summary>
public sealed record PersistedEvents(IReadOnlyList<string> BlobIds, IReadOnlyList<string> CosmosIds, IReadOnlyList<ServiceBusReceivedMessage> DeadLetters)
{
    public static async Task<PersistedEvents> CountAsync(FlowEnvironment environment, string container, string queueName = FlowEnvironment.QueueName)
    {
        var blobs = new List<string>();
        var blobContainer = new BlobServiceClient(environment.Azurite.ConnectionString).GetBlobContainerClient(container);
        // Before the consumer has started, the container may not exist yet: nothing is stored then.
        if (await blobContainer.ExistsAsync())
        {
            await foreach (var blob in blobContainer.GetBlobsAsync())
            {
                // {event_type}/{yyyy}/{MM}/{dd}/{id}.json
                blobs.Add(Path.GetFileNameWithoutExtension(blob.Name));
            }
        }

        var cosmosIds = new List<string>();
        using (var cosmos = new CosmosClient(environment.Cosmos.ConnectionString, new CosmosClientOptions { ConnectionMode = ConnectionMode.Gateway }))
        {
            using var query = cosmos.GetContainer(container, "events").GetItemQueryStreamIterator("SELECT c.id FROM c");
            while (query.HasMoreResults)
            {
                using var page = await query.ReadNextAsync();
                if (page.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    break;
                }

                page.EnsureSuccessStatusCode();
                using var document = await JsonDocument.ParseAsync(page.Content);
                cosmosIds.AddRange(document.RootElement.GetProperty("Documents").EnumerateArray().Select(item => item.GetProperty("id").GetString()!));
            }
        }

        var deadLetters = new List<ServiceBusReceivedMessage>();
        await using (var client = new ServiceBusClient(environment.ServiceBusConnectionString))
        await using (var receiver = client.CreateReceiver(queueName, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter }))
        {
            long? from = null;
            while (true)
            {
                var page = await receiver.PeekMessagesAsync(250, from);
                if (page.Count == 0)
                {
                    break;
                }

                deadLetters.AddRange(page);
                from = page[^1].SequenceNumber + 1;
            }
        }

        return new PersistedEvents(blobs, cosmosIds, deadLetters);
    }

    // Events finished in both stores or dead-lettered. The three listings are not one snapshot (blobs are listed
    // first, while consumers keep writing), so "finished" must hold in each store, not only in the last one read.
    public int Settled => Math.Min(BlobIds.Count, CosmosIds.Count) + DeadLetters.Count;

    /// <summary>Polls until <paramref name="expected"/> events are in both stores or the dead-letter queue, or the time is up.</summary>
    public static Task<PersistedEvents> WaitForAsync(FlowEnvironment environment, string container, int expected, TimeSpan timeout,
        string queueName = FlowEnvironment.QueueName) =>
        WaitForAsync(environment, container, counted => counted.Settled >= expected, timeout, queueName);

    /// <summary>Polls until <paramref name="done"/> holds, or the time is up.</summary>
    public static async Task<PersistedEvents> WaitForAsync(FlowEnvironment environment, string container, Func<PersistedEvents, bool> done, TimeSpan timeout,
        string queueName = FlowEnvironment.QueueName)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var counted = await CountAsync(environment, container, queueName);
            if (done(counted) || DateTime.UtcNow > deadline)
            {
                return counted;
            }

            await Task.Delay(500);
        }
    }
}
