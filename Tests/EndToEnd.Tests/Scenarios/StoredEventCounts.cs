using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Azure.Messaging.ServiceBus;

namespace EndToEnd.Tests.Scenarios;

/// <summary>
/// What the running topology has stored, counted in the stores themselves through the connection strings the host
/// hands its services: blobs in the archive container, items in the Cosmos container, and the queue's dead letters.
/// </summary>
internal sealed record StoredEventCounts(int Blobs, int CosmosItems, IReadOnlyList<ServiceBusReceivedMessage> DeadLetters)
{
    public static async Task<StoredEventCounts> CountAsync(string? blobs, string? cosmos, string? serviceBus, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(cosmos);
        ArgumentException.ThrowIfNullOrEmpty(serviceBus);
        var archive = StorageConnection.BlobContainer(blobs, defaultContainer: "warehouse");
        var blobCount = 0;
        await foreach (var _ in archive.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            blobCount++;
        }

        var cosmosCount = 0;
        using (var client = new CosmosClient(cosmos, new CosmosClientOptions { ConnectionMode = ConnectionMode.Gateway }))
        {
            // Counting ids rather than SELECT VALUE COUNT(1): the emulator's aggregate support is not relied upon.
            using var query = client.GetContainer("warehouse", "events").GetItemQueryStreamIterator("SELECT c.id FROM c");
            while (query.HasMoreResults)
            {
                using var page = await query.ReadNextAsync(cancellationToken);
                page.EnsureSuccessStatusCode();
                using var document = await JsonDocument.ParseAsync(page.Content, cancellationToken: cancellationToken);
                cosmosCount += document.RootElement.GetProperty("Documents").GetArrayLength();
            }
        }

        var deadLetters = new List<ServiceBusReceivedMessage>();
        await using (var client = new ServiceBusClient(serviceBus))
        await using (var receiver = client.CreateReceiver("store-events", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter }))
        {
            long? from = null;
            IReadOnlyList<ServiceBusReceivedMessage> page;
            while ((page = await receiver.PeekMessagesAsync(250, from, cancellationToken)).Count > 0)
            {
                deadLetters.AddRange(page);
                from = page[^1].SequenceNumber + 1;
            }
        }

        return new StoredEventCounts(blobCount, cosmosCount, deadLetters);
    }

    /// <summary>
    /// Polls until the stores hold <paramref name="valid"/> more events in Blob and in Cosmos and <paramref name="bad"/>
    /// more dead letters than <paramref name="before"/>, or the time is up; returns the last count either way, so the
    /// caller's assertions say what was missing.
    /// </summary>
    public static async Task<StoredEventCounts> WaitForAsync(
        string? blobs, string? cosmos, string? serviceBus, StoredEventCounts before, int valid, int bad, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        StoredEventCounts after;
        do
        {
            await Task.Delay(500);
            after = await CountAsync(blobs, cosmos, serviceBus);
        }
        while (DateTime.UtcNow < deadline
            && (after.Blobs - before.Blobs < valid || after.CosmosItems - before.CosmosItems < valid || after.DeadLetters.Count - before.DeadLetters.Count < bad));

        return after;
    }
}
