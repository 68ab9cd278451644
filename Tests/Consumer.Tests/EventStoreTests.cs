using Consumer.Storage;
using Contracts;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;
using ServiceTesting;

namespace Consumer.Tests;

[Collection(StorageEmulatorsCollection.Name)]
public class EventStoreTests(StorageEmulators emulators)
{
    private async Task<(EventStore Store, Container Container)> CreateStoreAsync(CosmosClient? client = null)
    {
        client ??= IntegrationClients.Cosmos(emulators.Cosmos.ConnectionString, EventStore.ConfigureClientOptions);
        var options = new EventStoreOptions { DatabaseName = TestEvents.UniqueName("db"), CreateIfNotExists = true };
        var store = new EventStore(client, Options.Create(options));
        await store.InitializeAsync(CancellationToken.None);
        return (store, client.GetContainer(options.DatabaseName, options.ContainerName));
    }

    private static async Task<List<string>> ReadAllIdsAsync(Container container)
    {
        var ids = new List<string>();
        using var query = container.GetItemQueryIterator<IdOnly>("SELECT c.id FROM c");
        while (query.HasMoreResults)
        {
            ids.AddRange((await query.ReadNextAsync()).Select(item => item.id));
        }

        return ids;
    }

    [Fact]
    public async Task Thousand_events_written_twice_leave_exactly_a_thousand_items()
    {
        var (store, container) = await CreateStoreAsync();
        var events = Enumerable.Range(0, 1000).Select(i => TestEvents.Create(i)).ToList();

        await Parallel.ForEachAsync(events.Concat(events), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (message, ct) =>
            await store.StoreAsync(message, ct));

        var ids = await ReadAllIdsAsync(container);
        Assert.Equal(1000, ids.Count);
        Assert.Equal(events.Select(m => m.Event.Id).Order(), ids.Order());
    }

    [Fact]
    public async Task Stored_item_reads_back_field_by_field_in_its_store_partition()
    {
        var (store, container) = await CreateStoreAsync();
        var message = TestEvents.Create(5);

        await store.StoreAsync(message, CancellationToken.None);

        Assert.Equal(message.Event, await store.ReadAsync(message.Event.Id, message.Event.StoreId, CancellationToken.None));
        using var raw = await container.ReadItemStreamAsync(message.Event.Id, new PartitionKey(message.Event.StoreId));
        var item = await System.Text.Json.JsonDocument.ParseAsync(raw.Content);
        Assert.Equal(message.Event.StoreId, item.RootElement.GetProperty("store_id").GetInt32());
        Assert.Equal(message.Event.Id, item.RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Missing_item_reads_as_null()
    {
        var (store, _) = await CreateStoreAsync();

        Assert.Null(await store.ReadAsync("never-stored", 1, CancellationToken.None));
    }

    [Fact]
    public async Task Container_is_partitioned_by_store_id()
    {
        var (_, container) = await CreateStoreAsync();

        var properties = (await container.ReadContainerAsync()).Resource;

        Assert.Equal("/store_id", properties.PartitionKeyPath);
        Assert.Equal("events", properties.Id);
    }

    [Fact]
    public async Task Emulator_certificate_is_accepted_by_the_store_client_only()
    {
        var (store, _) = await CreateStoreAsync();
        await store.StoreAsync(TestEvents.Create(9), CancellationToken.None);

        // The connection string's flag must not have switched off validation for the rest of the process.
        using var http = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(emulators.Cosmos.Endpoint));
    }

    [Fact]
    public async Task Bare_endpoint_authenticates_with_the_token_credential()
    {
        var credential = new TestTokenCredential("https://127.0.0.1");
        using var client = IntegrationClients.Cosmos(emulators.Cosmos.Endpoint.ToString(), options =>
        {
            EventStore.ConfigureClientOptions(options);
            // A real Azure endpoint has a trusted certificate; only this test trusts the emulator's self-signed one.
            options.ServerCertificateCustomValidationCallback = (_, _, _) => true;
        }, settings => settings.Credential = credential);
        var (store, _) = await CreateStoreAsync(client);
        var message = TestEvents.Create(2);

        await store.StoreAsync(message, CancellationToken.None);

        Assert.Equal(message.Event, await store.ReadAsync(message.Event.Id, message.Event.StoreId, CancellationToken.None));
        Assert.NotEmpty(credential.RequestedScopes);
    }

    [Fact]
    public async Task Unreachable_cosmos_gives_an_error_naming_the_endpoint()
    {
        var port = ClosedPort.Find();
        var connectionString = emulators.Cosmos.ConnectionString.Replace($":{emulators.Cosmos.Port}/", $":{port}/", StringComparison.Ordinal);
        using var client = IntegrationClients.Cosmos(connectionString, EventStore.ConfigureClientOptions);
        var store = new EventStore(client, Options.Create(new EventStoreOptions()));

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => store.StoreAsync(TestEvents.Create(0), CancellationToken.None));

        Assert.StartsWith($"Cosmos DB at https://127.0.0.1:{port}/ is unavailable", error.Message);
    }

    private sealed record IdOnly(string id);
}
