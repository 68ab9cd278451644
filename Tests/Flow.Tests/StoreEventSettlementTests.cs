using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Consumer.Processing;
using Contracts;
using Microsoft.Extensions.DependencyInjection;
using Producer.Sending;
using Azure.Messaging.ServiceBus;
using ServiceTesting;

namespace Flow.Tests;

/// <summary>
/// How a real consumer settles single messages on the real emulators when things go wrong: storage that stays down
/// (abandon each delivery, dead-letter after MaxDeliveryCount, recover by resubmitting), a bug that throws inside the
/// handler, an event that conflicts with an archived one, and a duplicate delivery. Each test has its own queue
/// (<see cref="FlowEnvironment"/>) and container, and counts through the consumer's own meter.
/// </summary>
public sealed class StoreEventSettlementTests(FlowEnvironment environment) : IClassFixture<FlowEnvironment>
{
    // Generous: the machine is shared; every wait polls and returns as soon as its condition holds.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    // Short, so three deliveries that each spend their whole budget take seconds.
    private const string StorageRetryBudget = "00:00:02";

    private const int MaxDeliveryCount = 3;

    [Fact]
    public async Task An_event_whose_blob_write_never_succeeds_is_abandoned_each_delivery_then_dead_lettered_intact_and_a_resubmitted_copy_persists_once()
    {
        const string container = "bloboutage";
        const string queue = FlowEnvironment.BlobOutageQueueName;
        await using var blobProxy = new LoopbackTcpProxy(environment.Azurite.Port);
        var settings = Settings(container, queue);
        settings["ConnectionStrings:blobs"] = environment.Azurite.ConnectionString.Replace($":{environment.Azurite.Port}/", $":{blobProxy.Port}/", StringComparison.Ordinal);
        using var settlements = new SettlementCounter();
        await using var consumer = await ConsumerHost.StartAsync(settings);
        var storeEvent = TestStoreEvents.Create(price: 12.5m);

        blobProxy.Cut();
        await SendAsync(queue, storeEvent);
        var deadLettered = await PersistedEvents.WaitForAsync(environment, container, counted => counted.DeadLetters.Count >= 1, Timeout, queue);

        var deadLetter = Assert.Single(deadLettered.DeadLetters);
        AssertDeadLetteredIntact(deadLetter, storeEvent, "MaxDeliveryCountExceeded");
        await AssertEveryDeliveryRetriedThenAbandonedAsync(settlements, blobProxy);
        Assert.Empty(deadLettered.BlobIds);
        Assert.Empty(deadLettered.CosmosIds);

        await RestoreAndResubmitUntilPersistedOnceAsync(blobProxy, queue, container, storeEvent, settlements);
        Assert.Equal(0, settlements.Total("dead_lettered"));
        var stored = await StoredEvent.ReadAsync(environment, container, storeEvent);
        Assert.Equal(storeEvent.Body.ToArray(), stored.BlobBody);
        Assert.Equal(storeEvent.Event, stored.Item);
    }

    [Fact]
    public async Task An_event_archived_while_Cosmos_stays_unreachable_is_not_completed_but_dead_lettered_and_a_resubmitted_copy_finishes_it_without_rewriting_the_blob()
    {
        const string container = "cosmosoutage";
        const string queue = FlowEnvironment.CosmosOutageQueueName;
        await using var cosmosProxy = new LoopbackTcpProxy(environment.Cosmos.Port);
        var settings = Settings(container, queue);
        var throughProxy = environment.Cosmos.ConnectionString.Replace($":{environment.Cosmos.Port}", $":{cosmosProxy.Port}", StringComparison.Ordinal);
        settings["ConnectionStrings:cosmos"] = throughProxy;
        using var settlements = new SettlementCounter();
        await using var consumer = await ConsumerHost.StartAsync(settings);
        var storeEvent = TestStoreEvents.Create(price: 33m);

        cosmosProxy.Cut();
        await SendAsync(queue, storeEvent);
        var deadLettered = await PersistedEvents.WaitForAsync(environment, container, counted => counted.DeadLetters.Count >= 1, Timeout, queue);

        // Half-written: the blob is there, the item is not, and the message was never claimed complete.
        Assert.True(deadLettered.DeadLetters.Count == 1, $"not dead-lettered in time; abandoned {settlements.Total("abandoned")}, completed {settlements.Total("completed")}");
        AssertDeadLetteredIntact(deadLettered.DeadLetters[0], storeEvent, "MaxDeliveryCountExceeded");
        await AssertEveryDeliveryRetriedThenAbandonedAsync(settlements, cosmosProxy);
        var halfWritten = await StoredEvent.ReadAsync(environment, container, storeEvent);
        Assert.Equal(storeEvent.Body.ToArray(), halfWritten.BlobBody);
        Assert.Null(halfWritten.Item);

        await RestoreAndResubmitUntilPersistedOnceAsync(cosmosProxy, queue, container, storeEvent, settlements);
        var stored = await StoredEvent.ReadAsync(environment, container, storeEvent);
        Assert.Equal(halfWritten.BlobETag, stored.BlobETag);
        Assert.Equal(storeEvent.Event, stored.Item);
    }

    [Fact]
    public async Task A_bug_that_throws_inside_the_handler_gets_the_message_redelivered_at_once_until_dead_lettered_while_the_consumer_keeps_processing()
    {
        const string container = "handlerbug";
        const string queue = FlowEnvironment.HandlerBugQueueName;
        var poison = TestStoreEvents.Create(price: 1m);
        var healthy = TestStoreEvents.Create(price: 2m);
        // The archive's HTTP pipeline fails with a programming error (not a storage answer) for one event only.
        using var buggy = new FailingForOneEventHandler(poison.Event.Id) { InnerHandler = new HttpClientHandler() };
        using var buggyHttp = new HttpClient(buggy);
        using var settlements = new SettlementCounter();
        await using var consumer = await ConsumerHost.StartAsync(Settings(container, queue), services =>
            services.AddSingleton(new BlobServiceClient(environment.Azurite.ConnectionString, new BlobClientOptions { Transport = new HttpClientTransport(buggyHttp) })));

        await SendAsync(queue, poison);
        // The queue's lock is five minutes: three deliveries inside the deadline can only come from abandons.
        var deadLettered = await PersistedEvents.WaitForAsync(environment, container, counted => counted.DeadLetters.Count >= 1, Timeout, queue);
        AssertDeadLetteredIntact(Assert.Single(deadLettered.DeadLetters), poison, "MaxDeliveryCountExceeded");
        Assert.Equal(MaxDeliveryCount, buggy.Failures);
        Assert.Equal(0, settlements.Total("completed"));

        await SendAsync(queue, healthy);
        var persisted = await PersistedEvents.WaitForAsync(environment, container, counted => counted.BlobIds.Count >= 1 && counted.CosmosIds.Count >= 1, Timeout, queue);
        await WaitUntilAsync(() => settlements.Total("completed") >= 1);
        AssertPersistedOnce(persisted, healthy);
        Assert.Equal(1, settlements.Total("completed"));
    }

    [Fact]
    public async Task A_different_event_under_an_archived_id_is_dead_lettered_as_ConflictingEvent_and_the_stored_event_is_kept()
    {
        const string container = "conflict";
        const string queue = FlowEnvironment.ConflictQueueName;
        using var settlements = new SettlementCounter();
        await using var consumer = await ConsumerHost.StartAsync(Settings(container, queue));
        var original = TestStoreEvents.Create(price: 10m);
        var impostor = StoreEventMessage.Create(original.EventType, original.Event with { Price = 99m, Qty = 7 });

        await SendAsync(queue, original);
        await WaitUntilAsync(() => settlements.Total("completed") >= 1);
        var before = await StoredEvent.ReadAsync(environment, container, original);
        await SendAsync(queue, impostor);
        var after = await PersistedEvents.WaitForAsync(environment, container, counted => counted.DeadLetters.Count >= 1, Timeout, queue);
        await WaitUntilAsync(() => settlements.Total("dead_lettered") >= 1);

        var deadLetter = Assert.Single(after.DeadLetters);
        AssertDeadLetteredIntact(deadLetter, impostor, DeadLetterReasons.ConflictingEvent);
        Assert.Contains(original.Event.Id, deadLetter.DeadLetterErrorDescription, StringComparison.Ordinal);
        AssertPersistedOnce(after, original);
        var stored = await StoredEvent.ReadAsync(environment, container, original);
        Assert.Equal(original.Body.ToArray(), stored.BlobBody);
        Assert.Equal(before.BlobETag, stored.BlobETag);
        Assert.Equal(original.Event, stored.Item);
        Assert.Equal(before.ItemETag, stored.ItemETag);
        Assert.Equal(1, settlements.Total("completed"));
        Assert.Equal(1, settlements.Total("dead_lettered"));
    }

    [Fact]
    public async Task The_same_event_delivered_again_completes_without_writing_either_store_again_or_dead_lettering()
    {
        const string container = "duplicate";
        const string queue = FlowEnvironment.DuplicateQueueName;
        using var settlements = new SettlementCounter();
        await using var consumer = await ConsumerHost.StartAsync(Settings(container, queue));
        var storeEvent = TestStoreEvents.Create(price: 20m);

        await SendAsync(queue, storeEvent);
        await WaitUntilAsync(() => settlements.Total("completed") >= 1);
        var first = await StoredEvent.ReadAsync(environment, container, storeEvent);
        // The same message again (as a redelivery after a lost settlement would bring it).
        await SendAsync(queue, storeEvent);
        await WaitUntilAsync(() => settlements.Total("completed") + settlements.Total("dead_lettered") >= 2);
        var after = await PersistedEvents.CountAsync(environment, container, queue);

        Assert.Equal(2, settlements.Total("completed"));
        Assert.Equal(0, settlements.Total("dead_lettered"));
        Assert.Empty(after.DeadLetters);
        AssertPersistedOnce(after, storeEvent);
        var second = await StoredEvent.ReadAsync(environment, container, storeEvent);
        Assert.Equal(first.BlobETag, second.BlobETag);
        Assert.Equal(first.ItemETag, second.ItemETag);
        Assert.Equal(storeEvent.Event, second.Item);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the consumer did not settle the message in time");
            await Task.Delay(100);
        }
    }

    private Dictionary<string, string?> Settings(string container, string queue)
    {
        var settings = environment.ServiceSettings(container, queue);
        settings["Processor:StorageRetryBudget"] = StorageRetryBudget;
        return settings;
    }

    // As the producer sends it: its own mapping to a message (message id = event id).
    private async Task SendAsync(string queue, StoreEventMessage storeEvent)
    {
        await using var client = new ServiceBusClient(environment.ServiceBusConnectionString);
        await using var sender = client.CreateSender(queue);
        await sender.SendMessageAsync(StoreEventPublisher.ToMessage(
            new OutgoingStoreEvent(storeEvent.EventType, storeEvent.Event.Id, storeEvent.Event.RequestId, storeEvent.Event.PriorityShipping, storeEvent.Body)));
    }

    // What the dashboard's dead-letter viewer does: send a copy under a new message id (the original id could fall
    // to duplicate detection), then remove the dead letter.
    private async Task ResubmitDeadLetterAsync(string queue, string messageId)
    {
        await using var client = new ServiceBusClient(environment.ServiceBusConnectionString);
        await using var deadLetters = client.CreateReceiver(queue, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var deadLetter = await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(deadLetter);
        Assert.Equal(messageId, deadLetter.MessageId);
        await using var sender = client.CreateSender(queue);
        await sender.SendMessageAsync(new ServiceBusMessage(deadLetter) { MessageId = Guid.NewGuid().ToString() });
        await deadLetters.CompleteMessageAsync(deadLetter);
    }

    /// <summary>An outage's deliveries: each one retried storage within its budget, then abandoned; none completed.</summary>
    private static async Task AssertEveryDeliveryRetriedThenAbandonedAsync(SettlementCounter settlements, LoopbackTcpProxy outage)
    {
        // The broker dead-letters on the last abandon, a moment before the consumer counts it.
        await WaitUntilAsync(() => settlements.Total("abandoned") >= MaxDeliveryCount);
        Assert.Equal(MaxDeliveryCount, settlements.Total("abandoned"));
        Assert.Equal(0, settlements.Total("completed"));
        Assert.True(outage.RefusedConnections > MaxDeliveryCount, $"{outage.RefusedConnections} connection attempts in {MaxDeliveryCount} deliveries: no retries");
    }

    /// <summary>Ends the outage, resubmits the dead letter as a copy, and proves the event then lands once in each store.</summary>
    private async Task RestoreAndResubmitUntilPersistedOnceAsync(LoopbackTcpProxy outage, string queue, string container, StoreEventMessage storeEvent, SettlementCounter settlements)
    {
        outage.Restore();
        await ResubmitDeadLetterAsync(queue, storeEvent.Event.Id);
        // Each store's own listing must show it (they are listed one after the other), and then the completion lands.
        var persisted = await PersistedEvents.WaitForAsync(environment, container,
            counted => counted.BlobIds.Count >= 1 && counted.CosmosIds.Count >= 1 && counted.DeadLetters.Count == 0, Timeout, queue);
        await WaitUntilAsync(() => settlements.Total("completed") >= 1);

        AssertPersistedOnce(persisted, storeEvent);
        Assert.Equal(1, settlements.Total("completed"));
    }

    private static void AssertDeadLetteredIntact(ServiceBusReceivedMessage deadLetter, StoreEventMessage storeEvent, string reason)
    {
        Assert.Equal(storeEvent.Event.Id, deadLetter.MessageId);
        Assert.Equal(reason, deadLetter.DeadLetterReason);
        Assert.False(string.IsNullOrWhiteSpace(deadLetter.DeadLetterErrorDescription));
        Assert.Equal(storeEvent.Body.ToArray(), deadLetter.Body.ToArray());
        Assert.Equal(storeEvent.EventType, deadLetter.ApplicationProperties[StoreEventApplicationProperties.EventType]);
    }

    private static void AssertPersistedOnce(PersistedEvents persisted, StoreEventMessage storeEvent)
    {
        Assert.Equal([storeEvent.Event.Id], persisted.BlobIds);
        Assert.Equal([storeEvent.Event.Id], persisted.CosmosIds);
    }


    /// <summary>Throws <see cref="InvalidOperationException"/> for every upload of one event's blob; passes everything else on.</summary>
    private sealed class FailingForOneEventHandler(string eventId) : DelegatingHandler
    {
        private int _failures;

        public int Failures => Volatile.Read(ref _failures);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Put && request.RequestUri!.AbsolutePath.Contains(eventId, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _failures);
                throw new InvalidOperationException($"simulated bug while archiving event {eventId}");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
