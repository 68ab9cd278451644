using System.Net;
using System.Text.Json;
using Contracts;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Consumer.Storage;

/// <summary>
/// Stores every event as a Cosmos DB item (database and container from <see cref="EventStoreOptions"/>,
/// partition key <c>/store_id</c>, item id = event id). Writing is idempotent, like the archive's: the item is only
/// created, the same event again writes nothing, and a different event under a stored id is reported as a
/// <see cref="StoreOutcome.Conflict"/> and never replaces what is stored. Thread-safe; one instance serves the whole process.
/// </summary>
public sealed class EventStore
{
    private const string Service = "Cosmos DB";

    private readonly CosmosClient _client;
    private readonly EventStoreOptions _options;
    private readonly Container _container;

    public EventStore(CosmosClient client, IOptions<EventStoreOptions> options)
    {
        _client = client;
        _options = options.Value;
        _container = client.GetContainer(_options.DatabaseName, _options.ContainerName);
    }

    /// <summary>
    /// The client options every event store uses. Gateway mode: one HTTPS port, which is what a private endpoint
    /// behind a firewall and the local emulator both offer.
    /// </summary>
    public static void ConfigureClientOptions(CosmosClientOptions options)
    {
        options.ConnectionMode = ConnectionMode.Gateway;
        options.ApplicationName = "store-events-consumer";
    }

    /// <summary>Creates the database and container when <see cref="EventStoreOptions.CreateIfNotExists"/> is set.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!_options.CreateIfNotExists)
        {
            return;
        }

        await Reach(async () =>
        {
            var database = await _client.CreateDatabaseIfNotExistsAsync(_options.DatabaseName, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await database.Database.CreateContainerIfNotExistsAsync(
                new ContainerProperties(_options.ContainerName, EventStoreOptions.PartitionKeyPath),
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates the event as the item <c>id</c> in partition <c>store_id</c>. When the id is taken, the stored item is
    /// read and compared: the same event is <see cref="StoreOutcome.AlreadyStored"/> (a redelivery, or a retry whose
    /// first answer was lost), a different one is a <see cref="StoreOutcome.Conflict"/>.
    /// </summary>
    /// <exception cref="CosmosException">Cosmos DB refused the write.</exception>
    /// <exception cref="StorageUnavailableException">Cosmos DB could not be reached.</exception>
    public async Task<StoreOutcome> StoreAsync(StoreEventMessage message, CancellationToken cancellationToken)
    {
        // The item is the contract's JSON, written by our source-generated serializer (no Newtonsoft round trip).
        using var item = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(message.Event, StoreEventJsonContext.Default.StoreEvent));
        // Create, not upsert: an upsert would silently replace a different event stored under the same id.
        using var response = await Reach(() => _container.CreateItemStreamAsync(
            item,
            new PartitionKey(message.Event.StoreId),
            new ItemRequestOptions { EnableContentResponseOnWrite = false },
            cancellationToken)).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            response.EnsureSuccessStatusCode();
            return StoreOutcome.Stored;
        }

        // Nothing deletes items (no TTL, no delete path), so the item the create ran into is there to be read.
        var stored = await ReadAsync(message.Event.Id, message.Event.StoreId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Cosmos DB refused to create item {message.Event.Id} of store {message.Event.StoreId} as existing, then did not find it.");
        return stored == message.Event ? StoreOutcome.AlreadyStored : StoreOutcome.Conflict;
    }

    /// <summary>Reads the event stored under <paramref name="id"/> in store <paramref name="storeId"/>, or null.</summary>
    public async Task<StoreEvent?> ReadAsync(string id, int storeId, CancellationToken cancellationToken)
    {
        using var response = await Reach(() => _container.ReadItemStreamAsync(id, new PartitionKey(storeId), cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        // Cosmos adds its system properties (_rid, _etag, ...); the contract type ignores them.
        return await JsonSerializer.DeserializeAsync(response.Content, StoreEventJsonContext.Default.StoreEvent, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> Reach<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new StorageUnavailableException(Service, _client.Endpoint, exception);
        }
        catch (CosmosException exception) when (exception.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            throw new StorageUnavailableException(Service, _client.Endpoint, exception);
        }
    }
}
