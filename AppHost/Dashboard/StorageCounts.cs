using Azure.Storage.Blobs;
using Microsoft.Azure.Cosmos;

namespace AppHost.Dashboard;

/// <summary>
/// The live counts that can be read straight from the emulators: events archived in Blob (blobs in the archive
/// container) and events stored in Cosmos (items in the events container). A count that cannot be read says why.
/// </summary>
internal sealed class StorageCounts(Func<string?> blobConnectionString, Func<string?> cosmosConnectionString, string blobContainer, string database, string container) : IDisposable
{
    private readonly object _gate = new();
    private BlobContainerClient? _blobs;
    private CosmosClient? _cosmos;

    public async Task<CountReading> ArchivedAsync(CancellationToken cancellationToken)
    {
        var blobs = Blobs();
        if (blobs is null)
        {
            return CountReading.Unavailable("Azurite is not running");
        }

        try
        {
            if (!await blobs.ExistsAsync(cancellationToken).ConfigureAwait(false))
            {
                return CountReading.Of(0);
            }

            long count = 0;
            await foreach (var _ in blobs.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                count++;
            }

            return CountReading.Of(count);
        }
        catch (Exception exception) when (exception is Azure.RequestFailedException or HttpRequestException)
        {
            return CountReading.Unavailable(exception.Message.Split('\n')[0]);
        }
    }

    public async Task<CountReading> StoredAsync(CancellationToken cancellationToken)
    {
        var cosmos = Cosmos();
        if (cosmos is null)
        {
            return CountReading.Unavailable("the Cosmos DB emulator is not running");
        }

        try
        {
            // The emulator has no aggregate queries across ranges; counting the ids it returns is exact and cheap at this scale.
            var query = cosmos.GetContainer(database, container).GetItemQueryStreamIterator(new QueryDefinition("SELECT c.id FROM c"));
            long count = 0;
            while (query.HasMoreResults)
            {
                using var page = await query.ReadNextAsync(cancellationToken).ConfigureAwait(false);
                if (page.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    return CountReading.Of(0);
                }

                page.EnsureSuccessStatusCode();
                using var document = await System.Text.Json.JsonDocument.ParseAsync(page.Content, cancellationToken: cancellationToken).ConfigureAwait(false);
                count += document.RootElement.GetProperty("_count").GetInt64();
            }

            return CountReading.Of(count);
        }
        catch (CosmosException exception) when (exception.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return CountReading.Of(0);
        }
        catch (Exception exception) when (exception is CosmosException or HttpRequestException)
        {
            return CountReading.Unavailable(exception.Message.Split('\n')[0]);
        }
    }

    private BlobContainerClient? Blobs()
    {
        lock (_gate)
        {
            if (_blobs is null && blobConnectionString() is { } connectionString)
            {
                _blobs = new BlobServiceClient(connectionString).GetBlobContainerClient(blobContainer);
            }

            return _blobs;
        }
    }

    private CosmosClient? Cosmos()
    {
        lock (_gate)
        {
            if (_cosmos is null && cosmosConnectionString() is { } connectionString)
            {
                _cosmos = new CosmosClient(connectionString, new CosmosClientOptions { ConnectionMode = ConnectionMode.Gateway });
            }

            return _cosmos;
        }
    }

    public void Dispose() => _cosmos?.Dispose();
}
