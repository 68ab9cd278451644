using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AppHost.Dashboard;
using AppHost.Tests.Support;
using ServiceBus;

namespace AppHost.Tests;

/// <summary>
/// The dashboard's JSON API over HTTP: counts, the produce form and the dead-letter viewer, with a real Service Bus
/// emulator (configured from topology.json) and stand-in producer replicas. The browser test in EndToEnd.Tests drives
/// the same API through the page with the whole topology running.
/// </summary>
public sealed class DashboardApiTests
{
    private static readonly string[] OneProducer = ["producer"];

    [Fact]
    public async Task The_sent_count_is_the_sum_of_every_producer_replicas_own_count()
    {
        await using var dashboard = await DashboardUnderTest.StartAsync(["producer-1", "producer-2"]);
        dashboard.Producers[0].Sent = 120;
        dashboard.Producers[1].Sent = 35;

        var sent = (await CountsAsync(dashboard)).GetProperty("sent");

        Assert.Equal(155, sent.GetProperty("value").GetInt64());
    }

    [Fact]
    public async Task The_sent_count_names_a_replica_that_is_not_running_instead_of_showing_a_partial_sum()
    {
        await using var dashboard = await DashboardUnderTest.StartAsync(["producer-1", "producer-2"], notRunning: "producer-2");
        dashboard.Producers[0].Sent = 10;

        var sent = (await CountsAsync(dashboard)).GetProperty("sent");

        Assert.Equal(JsonValueKind.Null, sent.GetProperty("value").ValueKind);
        Assert.Equal("producer-2 is not running", sent.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task The_sent_count_says_why_when_a_producer_answers_with_an_error()
    {
        await using var dashboard = await DashboardUnderTest.StartAsync(OneProducer);
        dashboard.Producers[0].SentStatus = HttpStatusCode.InternalServerError;

        var sent = (await CountsAsync(dashboard)).GetProperty("sent");

        Assert.Equal(JsonValueKind.Null, sent.GetProperty("value").ValueKind);
        Assert.Equal("producer answered 500 for /api/events/sent", sent.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Queue_counts_come_from_the_emulator_and_storage_counts_say_their_emulator_is_not_running()
    {
        await using var dashboard = await DashboardUnderTest.StartAsync(OneProducer);
        await SendAsync(dashboard, 3);
        await DeadLetterAsync(dashboard, 1);

        var counts = await CountsAsync(dashboard);

        Assert.Equal(2, counts.GetProperty("active").GetProperty("value").GetInt64());
        Assert.Equal(1, counts.GetProperty("deadLettered").GetProperty("value").GetInt64());
        Assert.Equal("Azurite is not running", counts.GetProperty("archived").GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, counts.GetProperty("stored").GetProperty("value").ValueKind);
        Assert.False(string.IsNullOrEmpty(counts.GetProperty("stored").GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task The_produce_form_forwards_the_count_to_the_producer_and_passes_its_answer_or_its_problem_through()
    {
        await using var dashboard = await DashboardUnderTest.StartAsync(OneProducer);

        using var accepted = await dashboard.Http.PostAsJsonAsync("api/produce", new { count = 7 });
        using var refused = await dashboard.Http.PostAsJsonAsync("api/produce", new { count = 0 });

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(7, (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("total_messages").GetInt32());
        var problem = await AssertProblemAsync(refused, HttpStatusCode.BadRequest);
        Assert.Equal("Invalid count", problem.GetProperty("title").GetString());
        Assert.Equal(["7", "0"], dashboard.Producers[0].ProduceRequests);
    }

    [Fact]
    public async Task Producing_without_a_count_or_without_a_running_producer_is_refused_with_problem_details()
    {
        await using var dashboard = await DashboardUnderTest.StartAsync(OneProducer, notRunning: "producer");

        var missing = await AssertProblemAsync(await dashboard.Http.PostAsJsonAsync("api/produce", new { events = 5 }), HttpStatusCode.BadRequest);
        var notRunning = await AssertProblemAsync(await dashboard.Http.PostAsync("api/produce?count=5", content: null), HttpStatusCode.ServiceUnavailable);

        Assert.Equal("count is missing", missing.GetProperty("title").GetString());
        Assert.Equal("The producer is not running", notRunning.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Dead_letters_are_peeked_with_reason_description_event_type_and_body_and_stay_in_the_queue()
    {
        await using var dashboard = await DashboardUnderTest.StartAsync(OneProducer);
        var ids = await SendAsync(dashboard, 2);
        await DeadLetterAsync(dashboard, 2);

        var peeked = await dashboard.Http.GetFromJsonAsync<List<JsonElement>>("api/dead-letters?max=10");
        var again = await dashboard.Http.GetFromJsonAsync<List<JsonElement>>("api/dead-letters");

        Assert.Equal(ids, peeked!.Select(message => message.GetProperty("messageId").GetString()!));
        var first = peeked![0];
        Assert.Equal("InvalidEvent", first.GetProperty("reason").GetString());
        Assert.Equal($"price must be positive ({ids[0]})", first.GetProperty("description").GetString());
        Assert.Equal("sale_event", first.GetProperty("eventType").GetString());
        Assert.Equal($"{{\"id\":\"{ids[0]}\"}}", first.GetProperty("body").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("resubmittedFrom").ValueKind);
        Assert.Equal(2, again!.Count);
    }

    [Fact]
    public async Task Resubmitting_a_dead_letter_sends_a_copy_with_a_new_id_and_removes_only_that_dead_letter()
    {
        await using var dashboard = await DashboardUnderTest.StartAsync(OneProducer);
        var ids = await SendAsync(dashboard, 3);
        await DeadLetterAsync(dashboard, 3);
        var deadLetters = await dashboard.Http.GetFromJsonAsync<List<JsonElement>>("api/dead-letters");
        var last = deadLetters![2].GetProperty("sequenceNumber").GetInt64();

        using var bySequence = await dashboard.Http.PostAsJsonAsync("api/dead-letters/resubmit", new { sequenceNumber = last });
        using var byId = await dashboard.Http.PostAsJsonAsync("api/dead-letters/resubmit", new { messageId = ids[0] });

        Assert.Equal(HttpStatusCode.OK, bySequence.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        var resubmitted = await bySequence.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((ids[2], last, DashboardUnderTest.QueueName),
            (resubmitted.GetProperty("messageId").GetString(), resubmitted.GetProperty("deadLetterSequenceNumber").GetInt64(), resubmitted.GetProperty("queue").GetString()));

        // The one passed over on the way is back in the dead-letter queue, untouched but for its delivery count.
        var left = await dashboard.Http.GetFromJsonAsync<List<JsonElement>>("api/dead-letters");
        Assert.Equal([ids[1]], left!.Select(message => message.GetProperty("messageId").GetString()));
        Assert.Equal("InvalidEvent", left![0].GetProperty("reason").GetString());

        var copies = await ReceiveAllAsync(dashboard);
        Assert.Equal([ids[2], ids[0]], copies.Select(copy => (string?)copy.ApplicationProperties[DeadLetterQueue.ResubmittedFromProperty]));
        Assert.Equal(resubmitted.GetProperty("newMessageId").GetString(), copies[0].MessageId);
        Assert.All(copies, copy =>
        {
            Assert.DoesNotContain(copy.MessageId, ids);
            Assert.Equal("sale_event", copy.ApplicationProperties["event_type"]);
            Assert.Equal($"{{\"id\":\"{copy.ApplicationProperties[DeadLetterQueue.ResubmittedFromProperty]}\"}}", copy.Body.ToString());
            Assert.Null(copy.DeadLetterReason);
        });
    }

    [Fact]
    public async Task Resubmitting_a_dead_letter_that_is_not_there_answers_404_and_leaves_every_dead_letter_in_place()
    {
        await using var dashboard = await DashboardUnderTest.StartAsync(OneProducer);
        var ids = await SendAsync(dashboard, 2);
        await DeadLetterAsync(dashboard, 2);

        var problem = await AssertProblemAsync(await dashboard.Http.PostAsJsonAsync("api/dead-letters/resubmit", new { messageId = "no-such-id" }), HttpStatusCode.NotFound);

        Assert.Contains("no-such-id", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var left = await dashboard.Http.GetFromJsonAsync<List<JsonElement>>("api/dead-letters");
        Assert.Equal(ids, left!.Select(message => message.GetProperty("messageId").GetString()!));
        Assert.Empty(await ReceiveAllAsync(dashboard));
    }

    [Theory]
    [InlineData("api/dead-letters?max=0", null, "max is out of range")]
    [InlineData("api/dead-letters?max=501", null, "max is out of range")]
    [InlineData("api/dead-letters/resubmit", "", "Which dead letter?")]
    [InlineData("api/dead-letters/resubmit", "{\"sequenceNumber\": \"seven\"}", "Which dead letter?")]
    [InlineData("api/dead-letters/resubmit", "not json", "Which dead letter?")]
    public async Task Dead_letter_calls_with_bad_input_get_400_problem_details_and_touch_nothing(string path, string? body, string title)
    {
        await using var dashboard = await DashboardUnderTest.StartAsync(OneProducer);
        await SendAsync(dashboard, 1);
        await DeadLetterAsync(dashboard, 1);

        using var response = body is null
            ? await dashboard.Http.GetAsync(path)
            : await dashboard.Http.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(title, (await AssertProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("title").GetString());
        Assert.Single((await dashboard.Http.GetFromJsonAsync<List<JsonElement>>("api/dead-letters"))!);
    }

    [Fact]
    public async Task With_the_emulator_down_dead_letter_calls_answer_503_and_the_queue_counts_say_why()
    {
        await using var dashboard = await DashboardUnderTest.StartAsync(OneProducer);
        await dashboard.StopServiceBusAsync();

        var peek = await AssertProblemAsync(await dashboard.Http.GetAsync("api/dead-letters"), HttpStatusCode.ServiceUnavailable);
        var resubmit = await AssertProblemAsync(await dashboard.Http.PostAsJsonAsync("api/dead-letters/resubmit", new { sequenceNumber = 1 }), HttpStatusCode.ServiceUnavailable);
        var counts = await CountsAsync(dashboard);

        Assert.Equal("Could not read the dead letters", peek.GetProperty("title").GetString());
        Assert.Equal("Could not resubmit the dead letter", resubmit.GetProperty("title").GetString());
        Assert.Equal("the Service Bus emulator is not running", counts.GetProperty("active").GetProperty("reason").GetString());
    }

    private static async Task<JsonElement> CountsAsync(DashboardUnderTest dashboard) =>
        await dashboard.Http.GetFromJsonAsync<JsonElement>("api/counts");

    /// <summary>Sends <paramref name="count"/> sale events shaped like the producer's; returns their message ids in order.</summary>
    private static async Task<List<string>> SendAsync(DashboardUnderTest dashboard, int count)
    {
        await using var client = new ServiceBusClient(dashboard.ServiceBusConnectionString!);
        await using var sender = client.CreateSender(DashboardUnderTest.QueueName);
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid().ToString()).ToList();
        foreach (var id in ids)
        {
            var message = new ServiceBusMessage(BinaryData.FromString($"{{\"id\":\"{id}\"}}")) { MessageId = id, ContentType = "application/json" };
            message.ApplicationProperties["event_type"] = "sale_event";
            await sender.SendMessageAsync(message);
        }

        return ids;
    }

    /// <summary>Dead-letters the first <paramref name="count"/> messages as the consumer does an invalid event.</summary>
    private static async Task DeadLetterAsync(DashboardUnderTest dashboard, int count)
    {
        await using var client = new ServiceBusClient(dashboard.ServiceBusConnectionString!);
        await using var receiver = client.CreateReceiver(DashboardUnderTest.QueueName);
        for (var i = 0; i < count; i++)
        {
            var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10)) ?? throw new InvalidOperationException($"message {i + 1} of {count} never arrived");
            await receiver.DeadLetterMessageAsync(message, "InvalidEvent", $"price must be positive ({message.MessageId})");
        }
    }

    private static async Task<List<ServiceBusReceivedMessage>> ReceiveAllAsync(DashboardUnderTest dashboard)
    {
        await using var client = new ServiceBusClient(dashboard.ServiceBusConnectionString!);
        await using var receiver = client.CreateReceiver(DashboardUnderTest.QueueName, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var received = new List<ServiceBusReceivedMessage>();
        while (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1)) is { } message)
        {
            received.Add(message);
        }

        return received;
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
    }
}
