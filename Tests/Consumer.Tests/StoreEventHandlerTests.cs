using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Consumer.Processing;
using Consumer.Storage;
using Contracts;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Azure.Messaging.ServiceBus;
using ServiceTesting;

namespace Consumer.Tests;

/// <summary>
/// Which settlement <see cref="StoreEventHandler"/> chooses for which situation, with real Azurite and Cosmos (or an
/// endpoint nothing listens on) and only the settlement calls recorded instead of sent to a broker.
/// </summary>
[Collection(StorageEmulatorsCollection.Name)]
public class StoreEventHandlerTests(StorageEmulators emulators)
{
    private static readonly TimeSpan ShortBudget = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_valid_event_is_written_to_both_stores_and_then_completed()
    {
        var (archive, blobs) = await ArchiveAsync();
        var (store, _) = await StoreAsync();
        var message = TestEvents.Create(1);
        var args = Delivery(message);

        await Handler(archive, store).HandleAsync(args);

        Assert.Equal([("complete", null, null)], args.Settlements);
        Assert.True(await blobs.GetBlobClient(EventArchive.BlobNameFor(message)).ExistsAsync());
        Assert.Equal(message.Event, await store.ReadAsync(message.Event.Id, message.Event.StoreId, CancellationToken.None));
    }

    [Fact]
    public async Task An_invalid_event_is_dead_lettered_as_InvalidEvent_with_what_is_wrong_and_nothing_is_written()
    {
        var (archive, blobs) = await ArchiveAsync();
        var (store, _) = await StoreAsync();
        var valid = TestEvents.Create(2);
        var invalid = StoreEventMessage.Create(valid.EventType, valid.Event with { Price = -3m });
        var args = Delivery(invalid);

        await Handler(archive, store).HandleAsync(args);

        var (outcome, reason, description) = Assert.Single(args.Settlements);
        Assert.Equal("deadletter", outcome);
        Assert.Equal(DeadLetterReasons.InvalidEvent, reason);
        Assert.Contains("price", description, StringComparison.Ordinal);
        Assert.Empty(await blobs.GetBlobsAsync().ToListAsync());
        Assert.Null(await store.ReadAsync(invalid.Event.Id, invalid.Event.StoreId, CancellationToken.None));
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_dead_lettered_as_InvalidEvent()
    {
        var (archive, _) = await ArchiveAsync();
        var (store, _) = await StoreAsync();
        var args = new RecordedSettlement(ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: new BinaryData(Encoding.UTF8.GetBytes("{\"id\": ")), messageId: "garbled",
            properties: new Dictionary<string, object?> { [StoreEventApplicationProperties.EventType] = StoreEventTypes.Sale },
            lockedUntil: DateTimeOffset.UtcNow.AddMinutes(1), enqueuedTime: DateTimeOffset.UtcNow));

        await Handler(archive, store).HandleAsync(args);

        var (outcome, reason, description) = Assert.Single(args.Settlements);
        Assert.Equal("deadletter", outcome);
        Assert.Equal(DeadLetterReasons.InvalidEvent, reason);
        Assert.False(string.IsNullOrWhiteSpace(description));
    }

    [Fact]
    public async Task Unreachable_blob_storage_is_retried_for_the_whole_budget_then_the_message_is_abandoned_with_nothing_written()
    {
        var archive = UnreachableArchive();
        var (store, _) = await StoreAsync();
        var message = TestEvents.Create(3);
        var args = Delivery(message);
        var started = Stopwatch.GetTimestamp();

        await Handler(archive, store, ShortBudget).HandleAsync(args);

        Assert.Equal([("abandon", null, null)], args.Settlements);
        // A lower bound only: it kept trying until the budget ran out instead of giving up on the first refusal.
        Assert.True(Stopwatch.GetElapsedTime(started) >= ShortBudget - TimeSpan.FromMilliseconds(50));
        Assert.Null(await store.ReadAsync(message.Event.Id, message.Event.StoreId, CancellationToken.None));
    }

    [Fact]
    public async Task A_blob_connection_cut_mid_request_that_ends_in_a_bare_socket_error_is_retried_as_an_outage_then_abandoned()
    {
        // What a cut connection did in the flow test: the client's first try failed with "Broken pipe", its retry with a
        // bare SocketException it does not retry, and it gave up with both in an AggregateException.
        var options = new BlobClientOptions { Transport = new HttpClientTransport(new HttpClient(new CutConnectionHandler())) };
        var archive = new EventArchive(new BlobServiceClient(emulators.Azurite.ConnectionString, options), Options.Create(new EventArchiveOptions()));
        var (store, _) = await StoreAsync();
        var args = Delivery(TestEvents.Create(11));

        await Handler(archive, store, ShortBudget).HandleAsync(args);

        Assert.Equal([("abandon", null, null)], args.Settlements);
    }

    [Fact]
    public async Task Blob_written_but_Cosmos_unreachable_abandons_and_the_next_delivery_completes_without_rewriting_the_blob()
    {
        var (archive, blobs) = await ArchiveAsync();
        var (store, container) = await StoreAsync();
        var message = TestEvents.Create(4);
        var firstDelivery = Delivery(message);
        using var unreachableCosmos = UnreachableCosmosClient();
        var unreachableStore = new EventStore(unreachableCosmos, Options.Create(new EventStoreOptions { DatabaseName = container.Database.Id }));

        await Handler(archive, unreachableStore, ShortBudget).HandleAsync(firstDelivery);

        Assert.Equal([("abandon", null, null)], firstDelivery.Settlements);
        var blob = blobs.GetBlobClient(EventArchive.BlobNameFor(message));
        var archivedETag = (await blob.GetPropertiesAsync()).Value.ETag;
        Assert.Null(await store.ReadAsync(message.Event.Id, message.Event.StoreId, CancellationToken.None));

        var redelivery = Delivery(message, deliveryCount: 2);
        await Handler(archive, store).HandleAsync(redelivery);

        Assert.Equal([("complete", null, null)], redelivery.Settlements);
        Assert.Equal(archivedETag, (await blob.GetPropertiesAsync()).Value.ETag);
        Assert.Single(await blobs.GetBlobsAsync().ToListAsync());
        Assert.Equal(message.Event, await store.ReadAsync(message.Event.Id, message.Event.StoreId, CancellationToken.None));
    }

    [Fact]
    public async Task The_processor_stopping_abandons_a_message_whose_storage_is_being_retried_without_waiting_for_the_budget()
    {
        var archive = UnreachableArchive();
        var (store, _) = await StoreAsync();
        using var stopping = new CancellationTokenSource();
        var args = Delivery(TestEvents.Create(5), stopping: stopping.Token);

        var handling = Handler(archive, store, TimeSpan.FromMinutes(5)).HandleAsync(args);
        await stopping.CancelAsync();
        // Far below the five-minute budget: the handler followed the stop request, not its budget.
        await handling.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal([("abandon", null, null)], args.Settlements);
    }

    [Fact]
    public async Task A_storage_refusal_that_retrying_cannot_fix_abandons_without_spending_the_budget()
    {
        // A wrong account key: Azurite answers 403 at once, and that answer will not change by asking again.
        var wrongKey = emulators.Azurite.ConnectionString.Replace("AccountKey=", "AccountKey=AAAA", StringComparison.Ordinal);
        var archive = new EventArchive(new BlobServiceClient(wrongKey), Options.Create(new EventArchiveOptions { ContainerName = TestEvents.UniqueName("refused") }));
        var (store, _) = await StoreAsync();
        var args = Delivery(TestEvents.Create(6));

        await Handler(archive, store, TimeSpan.FromMinutes(5)).HandleAsync(args).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal([("abandon", null, null)], args.Settlements);
    }

    [Fact]
    public async Task A_different_event_under_an_archived_blob_name_is_dead_lettered_as_ConflictingEvent_naming_the_blob_and_both_stores_keep_the_first()
    {
        var (archive, blobs) = await ArchiveAsync();
        var (store, _) = await StoreAsync();
        var original = TestEvents.Create(7, price: 10m);
        var impostor = TestEvents.Create(7, id: original.Event.Id, price: 99m);
        await Handler(archive, store).HandleAsync(Delivery(original));
        var blob = blobs.GetBlobClient(EventArchive.BlobNameFor(original));
        var archivedETag = (await blob.GetPropertiesAsync()).Value.ETag;
        var args = Delivery(impostor);

        await Handler(archive, store).HandleAsync(args);

        var (outcome, reason, description) = Assert.Single(args.Settlements);
        Assert.Equal("deadletter", outcome);
        Assert.Equal(DeadLetterReasons.ConflictingEvent, reason);
        Assert.Contains(EventArchive.BlobNameFor(original), description, StringComparison.Ordinal);
        Assert.Equal(archivedETag, (await blob.GetPropertiesAsync()).Value.ETag);
        Assert.Equal(original.Body.ToArray(), (await blob.DownloadContentAsync()).Value.Content.ToArray());
        Assert.Equal(original.Event, await store.ReadAsync(original.Event.Id, original.Event.StoreId, CancellationToken.None));
    }

    [Fact]
    public async Task A_different_event_under_a_stored_id_but_another_blob_name_is_dead_lettered_as_ConflictingEvent_and_the_stored_item_is_kept()
    {
        var (archive, _) = await ArchiveAsync();
        var (store, _) = await StoreAsync();
        var original = TestEvents.Create(8);
        // Another day: the archive files it under another name and cannot see the clash; Cosmos (same id, same store) can.
        var impostor = StoreEventMessage.Create(original.EventType, original.Event with { Ts = "2024-01-02T03:04:05.000001", Qty = 99 });
        Assert.NotEqual(EventArchive.BlobNameFor(original), EventArchive.BlobNameFor(impostor));
        await Handler(archive, store).HandleAsync(Delivery(original));
        var args = Delivery(impostor);

        await Handler(archive, store).HandleAsync(args);

        var (outcome, reason, description) = Assert.Single(args.Settlements);
        Assert.Equal("deadletter", outcome);
        Assert.Equal(DeadLetterReasons.ConflictingEvent, reason);
        Assert.Contains("Cosmos DB", description, StringComparison.Ordinal);
        Assert.Contains(EventArchive.BlobNameFor(impostor), description, StringComparison.Ordinal);
        Assert.Equal(original.Event, await store.ReadAsync(original.Event.Id, original.Event.StoreId, CancellationToken.None));
    }

    [Fact]
    public async Task The_same_event_delivered_again_is_completed_without_writing_either_store_again()
    {
        var (archive, blobs) = await ArchiveAsync();
        var (store, container) = await StoreAsync();
        var message = TestEvents.Create(9);
        await Handler(archive, store).HandleAsync(Delivery(message));
        var blob = blobs.GetBlobClient(EventArchive.BlobNameFor(message));
        var blobETag = (await blob.GetPropertiesAsync()).Value.ETag;
        var itemETag = (await container.ReadItemAsync<object>(message.Event.Id, new Microsoft.Azure.Cosmos.PartitionKey(message.Event.StoreId))).ETag;
        var args = Delivery(message, deliveryCount: 2);

        await Handler(archive, store).HandleAsync(args);

        Assert.Equal([("complete", null, null)], args.Settlements);
        Assert.Equal(blobETag, (await blob.GetPropertiesAsync()).Value.ETag);
        Assert.Equal(itemETag, (await container.ReadItemAsync<object>(message.Event.Id, new Microsoft.Azure.Cosmos.PartitionKey(message.Event.StoreId))).ETag);
    }

    [Fact]
    public async Task An_unexpected_exception_from_a_dependency_leaves_the_message_unsettled_and_reaches_the_processor()
    {
        // A programming error inside the Blob client's pipeline (not an answer from storage): the handler must not
        // mistake it for an outage and must not swallow it; the processor reports it and abandons the message.
        var options = new BlobClientOptions { Transport = new HttpClientTransport(new HttpClient(new ThrowingHandler())) };
        var archive = new EventArchive(new BlobServiceClient(emulators.Azurite.ConnectionString, options), Options.Create(new EventArchiveOptions()));
        var (store, _) = await StoreAsync();
        var message = TestEvents.Create(10);
        var args = Delivery(message);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Handler(archive, store).HandleAsync(args));

        Assert.Equal(ThrowingHandler.Message, error.Message);
        Assert.Empty(args.Settlements);
        Assert.Null(await store.ReadAsync(message.Event.Id, message.Event.StoreId, CancellationToken.None));
    }

    private static StoreEventHandler Handler(EventArchive archive, EventStore store, TimeSpan? budget = null) =>
        new(archive, store, Options.Create(new StoreEventProcessorOptions { StorageRetryBudget = budget ?? TimeSpan.FromSeconds(30) }), NullLogger<StoreEventHandler>.Instance);

    // As the producer sends it: body = the contract's JSON, event_type as an application property.
    private static RecordedSettlement Delivery(StoreEventMessage message, int deliveryCount = 1, CancellationToken stopping = default) =>
        new(ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: new BinaryData(message.Body),
            messageId: message.Event.Id,
            subject: message.EventType,
            contentType: StoreEventMessageSettings.ContentType,
            properties: new Dictionary<string, object?>
            {
                [StoreEventApplicationProperties.EventType] = message.EventType,
                [StoreEventApplicationProperties.PriorityShipping] = message.Event.PriorityShipping,
            },
            deliveryCount: deliveryCount,
            lockedUntil: DateTimeOffset.UtcNow.AddMinutes(1),
            enqueuedTime: DateTimeOffset.UtcNow), stopping);

    private async Task<(EventArchive Archive, BlobContainerClient Container)> ArchiveAsync()
    {
        var service = new BlobServiceClient(emulators.Azurite.ConnectionString);
        var options = new EventArchiveOptions { ContainerName = TestEvents.UniqueName("handler"), CreateIfNotExists = true };
        var archive = new EventArchive(service, Options.Create(options));
        await archive.InitializeAsync(CancellationToken.None);
        return (archive, service.GetBlobContainerClient(options.ContainerName));
    }

    private async Task<(EventStore Store, Microsoft.Azure.Cosmos.Container Container)> StoreAsync()
    {
        var client = IntegrationClients.Cosmos(emulators.Cosmos.ConnectionString, EventStore.ConfigureClientOptions);
        var options = new EventStoreOptions { DatabaseName = TestEvents.UniqueName("handler"), CreateIfNotExists = true };
        var store = new EventStore(client, Options.Create(options));
        await store.InitializeAsync(CancellationToken.None);
        return (store, client.GetContainer(options.DatabaseName, options.ContainerName));
    }

    private EventArchive UnreachableArchive()
    {
        var port = ClosedPort.Find();
        var connectionString = emulators.Azurite.ConnectionString.Replace($":{emulators.Azurite.Port}/", $":{port}/", StringComparison.Ordinal);
        return new EventArchive(new BlobServiceClient(connectionString), Options.Create(new EventArchiveOptions()));
    }

    private Microsoft.Azure.Cosmos.CosmosClient UnreachableCosmosClient()
    {
        var port = ClosedPort.Find();
        var connectionString = emulators.Cosmos.ConnectionString.Replace($":{emulators.Cosmos.Port}/", $":{port}/", StringComparison.Ordinal);
        return IntegrationClients.Cosmos(connectionString, EventStore.ConfigureClientOptions);
    }

    private sealed class CutConnectionHandler : HttpMessageHandler
    {
        private int _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) % 2 == 1
                ? throw new HttpRequestException("Broken pipe", new SocketException((int)SocketError.Shutdown))
                : throw new SocketException((int)SocketError.NotConnected);
    }

    private sealed class ThrowingHandler : HttpMessageHandler
    {
        public const string Message = "a bug in the Blob client's pipeline";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException(Message);
    }
}
