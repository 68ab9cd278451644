using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Consumer.Processing;
using Contracts;
using Producer.Generation;
using Azure.Messaging.ServiceBus;

namespace Flow.Tests;

/// <summary>
/// The whole flow on real emulators: the real producer (test server) sends to our Service Bus emulator over AMQP,
/// real consumer hosts write to Azurite and the Cosmos emulator. Tests in this class share one queue and run one
/// after another; each leaves the queue drained.
/// </summary>
public sealed class StoreEventFlowTests(FlowEnvironment environment) : IClassFixture<FlowEnvironment>
{
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_1000_event_run_over_two_consumers_persists_every_valid_event_exactly_once_and_dead_letters_every_bad_one()
    {
        const string container = "run1000";
        using var settlements = new SettlementCounter();
        using var counts = new FlowCounts();
        await using var producer = new ProducerFactory(environment.ServiceBusConnectionString, FlowEnvironment.QueueName);
        await using var first = await ConsumerHost.StartAsync(environment.ServiceSettings(container));
        await using var second = await ConsumerHost.StartAsync(environment.ServiceSettings(container));

        using var response = await producer.CreateClient().PostAsync("/api/events?count=1000", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = (await response.Content.ReadFromJsonAsync<StoreEventBatchSummary>())!;
        Assert.Equal(1000, summary.TotalMessages);
        Assert.InRange(summary.BadMessages, 1, 999);

        // Settled (by the consumers' own count) means the broker confirmed the settlement, which for a good event
        // comes only after both writes; then the stores are counted.
        var deadline = DateTime.UtcNow + SettleTimeout;
        while (settlements.Total("completed") + settlements.Total("dead_lettered") < 1000 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        await WaitForQueueDrainedAsync();
        var persisted = await PersistedEvents.CountAsync(environment, container);

        var good = 1000 - summary.BadMessages;
        Assert.Equal(good, persisted.BlobIds.Count);
        Assert.Equal(good, persisted.BlobIds.Distinct().Count());
        Assert.Equal(good, persisted.CosmosIds.Count);
        Assert.Equal(persisted.BlobIds.Order(), persisted.CosmosIds.Order());
        Assert.Equal(summary.BadMessages, persisted.DeadLetters.Count);
        Assert.All(persisted.DeadLetters, deadLetter =>
        {
            Assert.Equal(DeadLetterReasons.InvalidEvent, deadLetter.DeadLetterReason);
            Assert.False(string.IsNullOrWhiteSpace(deadLetter.DeadLetterErrorDescription));
        });
        var deadIds = persisted.DeadLetters.Select(message => message.MessageId!).ToHashSet();
        Assert.Equal(summary.BadMessages, deadIds.Count);
        Assert.Empty(deadIds.Intersect(persisted.CosmosIds));

        // Nothing processed twice: each good message completed once in total, and both consumers took a share.
        Assert.Equal(good, settlements.Total("completed"));
        Assert.Equal(summary.BadMessages, settlements.Total("dead_lettered"));
        var byProcessor = settlements.CompletedByProcessor();
        Assert.Equal(2, byProcessor.Count);
        Assert.All(byProcessor.Values, completed => Assert.True(completed > 0));

        // The counts the dashboard charts agree with the stores.
        Assert.Equal(1000, counts["store_events.sent"]);
        Assert.Equal(good, counts["store_events.archived"]);
        Assert.Equal(good, counts["store_events.stored"]);
        Assert.Equal(summary.BadMessages, counts[$"store_events.dead_lettered{{{DeadLetterReasons.InvalidEvent}}}"]);
    }

    [Fact]
    public async Task Client_supplied_events_travel_with_the_contracts_message_properties_and_one_trace_spans_request_send_process_and_both_writes()
    {
        const string container = "traced";
        var activities = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "System.Net.Http" || source.Name.StartsWith(ServiceBusSources, StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var producer = new ProducerFactory(environment.ServiceBusConnectionString, FlowEnvironment.QueueName);
        var events = new[] { TestStoreEvents.Create(StoreEventTypes.Sale, priorityShipping: true), TestStoreEvents.Create(StoreEventTypes.Inventory, priorityShipping: false) };

        using var response = await producer.CreateClient().PostAsync("/api/events", EventsBody([.. events.Select(e => (e.EventType, e.Body))]));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        await using (var client = new ServiceBusClient(environment.ServiceBusConnectionString))
        await using (var receiver = client.CreateReceiver(FlowEnvironment.QueueName))
        {
            var sent = await receiver.PeekMessagesAsync(10);
            Assert.Equal(2, sent.Count);
            foreach (var (message, expected) in sent.OrderBy(m => m.MessageId).Zip(events.OrderBy(e => e.Event.Id)))
            {
                Assert.Equal(expected.Event.Id, message.MessageId);
                Assert.Equal(expected.EventType, message.Subject);
                Assert.Equal(expected.Event.RequestId, message.CorrelationId);
                Assert.Equal(StoreEventMessageSettings.ContentType, message.ContentType);
                Assert.Equal(StoreEventMessageSettings.TimeToLive, message.TimeToLive);
                Assert.Equal(expected.EventType, message.ApplicationProperties[StoreEventApplicationProperties.EventType]);
                Assert.Equal(expected.Event.PriorityShipping, message.ApplicationProperties[StoreEventApplicationProperties.PriorityShipping]);
                Assert.Equal(expected.Event, JsonSerializer.Deserialize(message.Body.ToMemory().Span, StoreEventJsonContext.Default.StoreEvent));
            }
        }

        await using (await ConsumerHost.StartAsync(environment.ServiceSettings(container)))
        {
            // The queue's dead-letter queue may hold other tests' bad events: wait on this container's items.
            var persisted = await PersistedEvents.WaitForAsync(environment, container, counted => counted.CosmosIds.Count >= 2, SettleTimeout);
            Assert.Equal(2, persisted.CosmosIds.Count);
            await WaitForQueueDrainedAsync();
        }

        // The POST is the only request this test makes to the producer.
        var request = Assert.Single(activities, a => a.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn");
        Assert.Null(request.ParentId);
        // The producer's OpenTelemetry instrumentation names the span by method and route, as the dashboard lists it.
        Assert.Equal("POST /api/events", request.DisplayName.TrimEnd('/'));
        var trace = activities.Where(a => a.TraceId == request.TraceId).ToList();
        Assert.Contains(trace, a => a.OperationName == "ServiceBusSender.Send");
        Assert.Equal(2, trace.Count(a => a.OperationName == "ServiceBusProcessor.ProcessMessage"));
        Assert.Contains(trace, a => a.Source.Name == "System.Net.Http" && Targets(a, environment.Azurite.Port));
        Assert.Contains(trace, a => a.Source.Name == "System.Net.Http" && Targets(a, environment.Cosmos.Port));
    }

    [Fact]
    public async Task Bad_producer_input_is_refused_with_problem_details_and_nothing_is_sent()
    {
        await using var producer = new ProducerFactory(environment.ServiceBusConnectionString, FlowEnvironment.QueueName);
        var http = producer.CreateClient();
        var valid = TestStoreEvents.Create(StoreEventTypes.Sale, priorityShipping: false);
        var invalid = valid.Event with { Id = Guid.NewGuid().ToString(), Price = -1m, Category = "Spaceships" };

        await AssertProblemAsync(await http.PostAsync("/api/events?count=0", null), HttpStatusCode.BadRequest, "count");
        await AssertProblemAsync(await http.PostAsync("/api/events?count=10001", null), HttpStatusCode.BadRequest, "count");
        await AssertProblemAsync(await http.GetAsync("/api/events?count=abc"), HttpStatusCode.BadRequest, "'abc'");
        await AssertProblemAsync(await http.PostAsync("/api/events", new StringContent("[{\"event_type\": ", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "line 1");
        await AssertProblemAsync(await http.PostAsync("/api/events", new StringContent("[]", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType, "application/json");
        await AssertProblemAsync(await http.PostAsync("/api/events", new StringContent(new string(' ', 1024 * 1024) + "[]", Encoding.UTF8, "application/json")), HttpStatusCode.RequestEntityTooLarge, "bytes");

        using var mixed = await http.PostAsync("/api/events", EventsBody(
        [
            (valid.EventType, valid.Body),
            (StoreEventTypes.Sale, StoreEventMessage.Create(StoreEventTypes.Sale, invalid).Body),
            ("refund_event", StoreEventMessage.Create(StoreEventTypes.Sale, valid.Event with { Id = Guid.NewGuid().ToString() }).Body),
        ]));
        var problem = await AssertProblemAsync(mixed, HttpStatusCode.BadRequest, "nothing was sent");
        var errors = problem.GetProperty("errors");
        Assert.False(errors.TryGetProperty("[0]", out _));
        var second = errors.GetProperty("[1]").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(second, p => p.Contains("price", StringComparison.Ordinal));
        Assert.Contains(second, p => p.Contains("category", StringComparison.Ordinal));
        Assert.Contains(errors.GetProperty("[2]").EnumerateArray(), p => p.GetString()!.Contains("refund_event", StringComparison.Ordinal));

        await using var client = new ServiceBusClient(environment.ServiceBusConnectionString);
        await using var receiver = client.CreateReceiver(FlowEnvironment.QueueName);
        Assert.Empty(await receiver.PeekMessagesAsync(10));
        Assert.Equal(0, (await http.GetFromJsonAsync<JsonElement>("/api/events/sent")).GetProperty("sent").GetInt64());
    }

    [Fact]
    public async Task Events_more_than_one_batch_holds_are_sent_in_several_batches_and_an_event_no_message_can_hold_is_refused()
    {
        await using var producer = new ProducerFactory(environment.ServiceBusConnectionString, FlowEnvironment.QueueName);
        var http = producer.CreateClient();
        // About 1.2 KB each: 400 of them are more than any one batch of the emulator's message size limit.
        var padded = Enumerable.Range(0, 400)
            .Select(_ => TestStoreEvents.Create(StoreEventTypes.Inventory, priorityShipping: false))
            .Select(e => StoreEventMessage.Create(e.EventType, e.Event with { Variant = new string('v', 800) }))
            .ToList();
        var huge = TestStoreEvents.Create(StoreEventTypes.Sale, priorityShipping: false);

        using (var tooLarge = await http.PostAsync("/api/events", EventsBody([(huge.EventType, StoreEventMessage.Create(huge.EventType, huge.Event with { Variant = new string('v', 300_000) }).Body)])))
        {
            await AssertProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, huge.Event.Id);
        }

        using var response = await http.PostAsync("/api/events", EventsBody([.. padded.Select(e => (e.EventType, e.Body))]));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // Counted once per accepted event, however many batches carried them; the refused one is not counted.
        var sent = await http.GetFromJsonAsync<JsonElement>("/api/events/sent");
        Assert.Equal(padded.Count, sent.GetProperty("sent").GetInt64());
        Assert.True(sent.GetProperty("since").GetDateTimeOffset() <= DateTimeOffset.UtcNow);

        await using var client = new ServiceBusClient(environment.ServiceBusConnectionString);
        await using var receiver = client.CreateReceiver(FlowEnvironment.QueueName);
        var received = new List<string>();
        while (received.Count < padded.Count)
        {
            var page = await receiver.ReceiveMessagesAsync(100, TimeSpan.FromSeconds(5));
            Assert.NotEmpty(page);
            foreach (var message in page)
            {
                received.Add(message.MessageId!);
                await receiver.CompleteMessageAsync(message);
            }
        }

        Assert.Equal(padded.Select(e => e.Event.Id).Order(), received.Order());
        Assert.Empty(await receiver.PeekMessagesAsync(10));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_events_api()
    {
        await using var producer = new ProducerFactory(environment.ServiceBusConnectionString, FlowEnvironment.QueueName);
        using var document = JsonDocument.Parse(await producer.CreateClient().GetStringAsync("/openapi/v1.json"));
        var path = document.RootElement.GetProperty("paths").GetProperty("/api/events");
        Assert.True(path.TryGetProperty("get", out _));
        Assert.True(path.TryGetProperty("post", out _));
        Assert.True(document.RootElement.GetProperty("paths").GetProperty("/api/events/sent").TryGetProperty("get", out _));
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailMentions)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
            Assert.Contains(detailMentions, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            return problem;
        }
    }

    private async Task WaitForQueueDrainedAsync()
    {
        await using var client = new ServiceBusClient(environment.ServiceBusConnectionString);
        await using var receiver = client.CreateReceiver(FlowEnvironment.QueueName);
        var deadline = DateTime.UtcNow + SettleTimeout;
        while ((await receiver.PeekMessagesAsync(1)).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the queue still holds messages");
            await Task.Delay(200);
        }
    }

    // The contract's own snake_case JSON for each event, wrapped the way the API takes it.
    private static StringContent EventsBody(IReadOnlyList<(string EventType, ReadOnlyMemory<byte> Body)> events) =>
        new("[" + string.Join(",", events.Select(e => $"{{\"event_type\":\"{e.EventType}\",\"event\":{Encoding.UTF8.GetString(e.Body.Span)}}}")) + "]",
            Encoding.UTF8, "application/json");

    // The official SDK's activity sources (sender, receiver, processor), live only with Azure.Experimental.EnableActivitySource.
    private const string ServiceBusSources = "Azure.Messaging.ServiceBus";

    private static bool Targets(Activity activity, int port) =>
        Equals(activity.GetTagItem("server.port"), port) ||
        (activity.GetTagItem("url.full") as string)?.Contains($":{port}/", StringComparison.Ordinal) == true;

}
