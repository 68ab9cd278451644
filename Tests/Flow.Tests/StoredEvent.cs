using System.Net;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Consumer.Storage;
using Contracts;
using Microsoft.Azure.Cosmos;

namespace Flow.Tests;

/// <summary>
/// One event as the two stores hold it, read straight from the emulators (never through a test's proxy): the blob's
/// bytes and ETag, the Cosmos item and its <c>_etag</c>. Absent parts are null. An unchanged ETag means nothing
/// rewrote the copy.
/// </summary>
public sealed record StoredEvent(byte[]? BlobBody, ETag? BlobETag, StoreEvent? Item, string? ItemETag)
{
    public static async Task<StoredEvent> ReadAsync(FlowEnvironment environment, string container, StoreEventMessage message)
    {
        byte[]? blobBody = null;
        ETag? blobETag = null;
        var blob = new BlobServiceClient(environment.Azurite.ConnectionString).GetBlobContainerClient(container).GetBlobClient(EventArchive.BlobNameFor(message));
        try
        {
            var download = await blob.DownloadContentAsync();
            blobBody = download.Value.Content.ToArray();
            blobETag = download.Value.Details.ETag;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
        }

        using var cosmos = new CosmosClient(environment.Cosmos.ConnectionString, new CosmosClientOptions { ConnectionMode = ConnectionMode.Gateway });
        using var response = await cosmos.GetContainer(container, "events").ReadItemStreamAsync(message.Event.Id, new PartitionKey(message.Event.StoreId));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new StoredEvent(blobBody, blobETag, null, null);
        }

        response.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(response.Content);
        var item = document.RootElement.Deserialize(StoreEventJsonContext.Default.StoreEvent);
        return new StoredEvent(blobBody, blobETag, item, document.RootElement.GetProperty("_etag").GetString());
    }
}
