using Azure;
using Azure.Storage.Blobs;
using Consumer.Storage;
using Contracts;
using Microsoft.Extensions.Options;
using ServiceTesting;

namespace Consumer.Tests;

[Collection(StorageEmulatorsCollection.Name)]
public class EventArchiveTests(StorageEmulators emulators)
{
    private async Task<(EventArchive Archive, BlobContainerClient Container)> CreateArchiveAsync()
    {
        var service = IntegrationClients.Blobs(emulators.Azurite.ConnectionString);
        var options = new EventArchiveOptions { ContainerName = TestEvents.UniqueName("archive"), CreateIfNotExists = true };
        var archive = new EventArchive(service, Options.Create(options));
        await archive.InitializeAsync(CancellationToken.None);
        return (archive, service.GetBlobContainerClient(options.ContainerName));
    }

    [Fact]
    public async Task Thousand_events_written_twice_leave_exactly_a_thousand_blobs()
    {
        var (archive, container) = await CreateArchiveAsync();
        var events = Enumerable.Range(0, 1000).Select(i => TestEvents.Create(i)).ToList();
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<ArchiveOutcome>();

        // The second pass is the redelivery of every event.
        await Parallel.ForEachAsync(events.Concat(events), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (message, ct) =>
            outcomes.Add(await archive.ArchiveAsync(message, ct)));

        var blobs = await container.GetBlobsAsync().ToListAsync();
        Assert.Equal(1000, blobs.Count);
        Assert.Equal(events.Select(EventArchive.BlobNameFor).Order(), blobs.Select(b => b.Name).Order());
        Assert.Equal(1000, outcomes.Count(o => o == ArchiveOutcome.Archived));
        Assert.Equal(1000, outcomes.Count(o => o == ArchiveOutcome.AlreadyArchived));
    }

    [Fact]
    public async Task Same_event_again_is_a_no_op()
    {
        var (archive, container) = await CreateArchiveAsync();
        var message = TestEvents.Create(1);

        Assert.Equal(ArchiveOutcome.Archived, await archive.ArchiveAsync(message, CancellationToken.None));
        var firstETag = (await container.GetBlobClient(EventArchive.BlobNameFor(message)).GetPropertiesAsync()).Value.ETag;
        Assert.Equal(ArchiveOutcome.AlreadyArchived, await archive.ArchiveAsync(message, CancellationToken.None));

        var secondETag = (await container.GetBlobClient(EventArchive.BlobNameFor(message)).GetPropertiesAsync()).Value.ETag;
        Assert.Equal(firstETag, secondETag);
    }

    [Fact]
    public async Task Different_body_under_an_archived_id_is_a_conflict_and_keeps_the_stored_body()
    {
        var (archive, container) = await CreateArchiveAsync();
        var original = TestEvents.Create(4, id: "event-under-conflict", price: 10m);
        var impostor = TestEvents.Create(4, id: "event-under-conflict", price: 99m);
        await archive.ArchiveAsync(original, CancellationToken.None);

        var outcome = await archive.ArchiveAsync(impostor, CancellationToken.None);

        Assert.Equal(ArchiveOutcome.Conflict, outcome);
        var stored = await container.GetBlobClient(EventArchive.BlobNameFor(original)).DownloadContentAsync();
        Assert.Equal(original.Body.ToArray(), stored.Value.Content.ToArray());
    }

    [Fact]
    public async Task Blob_is_named_by_type_and_date_and_carries_metadata_and_index_tags()
    {
        var (archive, container) = await CreateArchiveAsync();
        var message = TestEvents.Create(3, id: "743da362-69df-4e63-a95f-a1d93e29825e");

        await archive.ArchiveAsync(message, CancellationToken.None);

        var blob = container.GetBlobClient("inventory_event/2023/05/19/743da362-69df-4e63-a95f-a1d93e29825e.json");
        var properties = (await blob.GetPropertiesAsync()).Value;
        var tags = (await blob.GetTagsAsync()).Value.Tags;
        var expected = new Dictionary<string, string> { ["event_type"] = "inventory_event", ["store_id"] = "4", ["priority_shipping"] = "true" };
        Assert.Equal("application/json", properties.ContentType);
        Assert.Equal(expected.OrderBy(p => p.Key), properties.Metadata.OrderBy(p => p.Key));
        Assert.Equal(expected.OrderBy(p => p.Key), tags.OrderBy(p => p.Key));
        Assert.Equal(message.Body.ToArray(), (await blob.DownloadContentAsync()).Value.Content.ToArray());
    }

    [Fact]
    public async Task Index_tags_find_the_priority_shipments_of_a_store()
    {
        var (archive, container) = await CreateArchiveAsync();
        var events = Enumerable.Range(0, 21).Select(i => TestEvents.Create(i)).ToList();
        foreach (var message in events)
        {
            await archive.ArchiveAsync(message, CancellationToken.None);
        }

        var found = await container.FindBlobsByTagsAsync("\"store_id\" = '1' AND \"priority_shipping\" = 'true'").ToListAsync();

        var expected = events.Where(m => m.Event.StoreId == 1 && m.Event.PriorityShipping).Select(EventArchive.BlobNameFor);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(), found.Select(b => b.BlobName).Order());
    }

    [Fact]
    public async Task Without_create_if_not_exists_a_missing_container_is_not_created()
    {
        var service = new BlobServiceClient(emulators.Azurite.ConnectionString);
        var name = TestEvents.UniqueName("absent");
        var archive = new EventArchive(service, Options.Create(new EventArchiveOptions { ContainerName = name, CreateIfNotExists = false }));

        await archive.InitializeAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => archive.ArchiveAsync(TestEvents.Create(0), CancellationToken.None));

        Assert.Equal(404, error.Status);
        Assert.False(await service.GetBlobContainerClient(name).ExistsAsync());
    }

    [Fact]
    public async Task Unreachable_storage_gives_an_error_naming_the_endpoint()
    {
        var port = ClosedPort.Find();
        var connectionString = emulators.Azurite.ConnectionString.Replace($":{emulators.Azurite.Port}/", $":{port}/", StringComparison.Ordinal);
        // One quick retry instead of the default backoff: the failure path is the same, the test just waits less.
        var clientOptions = new BlobClientOptions { Retry = { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(10) } };
        var archive = new EventArchive(new BlobServiceClient(connectionString, clientOptions), Options.Create(new EventArchiveOptions()));

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => archive.ArchiveAsync(TestEvents.Create(0), CancellationToken.None));

        Assert.StartsWith($"Blob Storage at http://127.0.0.1:{port}/devstoreaccount1 is unavailable", error.Message);
        Assert.Equal(port, error.Endpoint.Port);
    }
}
