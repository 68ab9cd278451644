using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using EndToEnd.Tests.Fixtures;
using EndToEnd.Tests.Scenarios;
using Microsoft.Azure.Cosmos;

namespace EndToEnd.Tests;

/// <summary>
/// The whole graph as the AppHost declares it, driven from outside: over HTTP to the producer, through the resource
/// commands, and counted in the stores themselves. The graph is shared by these tests, so each counts what it adds.
/// </summary>
public sealed class GraphTests(GraphFixture graph) : IClassFixture<GraphFixture>
{
    private static readonly TimeSpan SettledWithin = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task The_emulators_offer_connection_strings_in_the_forms_of_Aspires_Azure_emulators()
    {
        var serviceBus = await graph.App.GetConnectionStringAsync("servicebus");
        var blobs = await graph.App.GetConnectionStringAsync("blobs");
        var cosmos = await graph.App.GetConnectionStringAsync("cosmos");

        Assert.Matches(@"^Endpoint=sb://127\.0\.0\.1:\d+;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;$", serviceBus);
        Assert.Matches(@"^DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=[^;]+;BlobEndpoint=http://127\.0\.0\.1:\d+/devstoreaccount1;$", blobs);
        Assert.Matches(@"^AccountEndpoint=https://127\.0\.0\.1:\d+/;AccountKey=[^;]+;DisableServerCertificateValidation=True;$", cosmos);
    }

    [Fact]
    public async Task The_AppHost_created_the_blob_container_and_the_cosmos_container_it_declares()
    {
        var blobs = StorageConnection.BlobContainer(await graph.App.GetConnectionStringAsync("blobs"), defaultContainer: "warehouse");
        Assert.True(await blobs.ExistsAsync(), $"blob container {blobs.Name} missing at {blobs.Uri}");

        using var cosmos = new CosmosClient(await graph.App.GetConnectionStringAsync("cosmos"), new CosmosClientOptions { ConnectionMode = ConnectionMode.Gateway, LimitToEndpoint = true });
        var container = await cosmos.GetContainer("warehouse", "events").ReadContainerAsync();
        Assert.Equal("/store_id", container.Resource.PartitionKeyPath);
    }

    [Fact]
    public async Task Five_hundred_events_produced_over_http_end_up_each_valid_one_once_in_blob_and_cosmos_and_each_bad_one_dead_lettered_as_InvalidEvent()
    {
        var before = await CountAsync();
        using var producer = graph.App.CreateHttpClient("producer");

        using var response = await producer.PostAsync("/api/events?count=500", content: null);
        Assert.True(response.IsSuccessStatusCode, $"POST /api/events?count=500: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var summary = (await response.Content.ReadFromJsonAsync<ProducedSummary>())!;
        Assert.Equal(500, summary.TotalMessages);
        var valid = summary.TotalMessages - summary.BadMessages;

        var after = await WaitForAsync(before, valid, summary.BadMessages);
        Assert.Equal(valid, after.Blobs - before.Blobs);
        Assert.Equal(valid, after.CosmosItems - before.CosmosItems);
        var newDeadLetters = after.DeadLetters.Skip(before.DeadLetters.Count).ToList();
        Assert.Equal(summary.BadMessages, newDeadLetters.Count);
        Assert.All(newDeadLetters, deadLetter => Assert.Equal("InvalidEvent", deadLetter.DeadLetterReason));
        foreach (var resource in GraphFixture.Resources)
        {
            await graph.WaitUntilHealthyAsync(resource, new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        }
    }

    [Fact]
    public async Task The_producers_Send_100_events_command_sends_100_events()
    {
        var before = await CountAsync();
        using var producer = graph.App.CreateHttpClient("producer");
        var sentBefore = (await producer.GetFromJsonAsync<SentCount>("/api/events/sent"))!.Sent;

        var result = await graph.ExecuteCommandAsync("producer", "send-100-events");

        Assert.True(result.Success, result.Message);
        Assert.Equal(sentBefore + 100, (await producer.GetFromJsonAsync<SentCount>("/api/events/sent"))!.Sent);
        var summary = JsonSerializer.Deserialize<ProducedSummary>(result.Data!.Value, JsonSerializerOptions.Web)!;
        Assert.Equal(100, summary.TotalMessages);
        // Settled before the next test counts.
        var after = await WaitForAsync(before, summary.TotalMessages - summary.BadMessages, summary.BadMessages);
        Assert.Equal(100, after.CosmosItems - before.CosmosItems + after.DeadLetters.Count - before.DeadLetters.Count);
    }

    [Fact]
    public async Task Peek_shows_each_dead_letter_with_its_reason_and_resubmit_sends_copies_that_name_their_original()
    {
        // Dead letters to look at: the producer sends some invalid events in every batch.
        var before = await CountAsync();
        using var producer = graph.App.CreateHttpClient("producer");
        using var response = await producer.PostAsync("/api/events?count=50", content: null);
        var summary = (await response.Content.ReadFromJsonAsync<ProducedSummary>())!;
        Assert.True(summary.BadMessages > 0, "the batch held no invalid event; nothing to dead-letter");
        var withDeadLetters = await WaitForAsync(before, summary.TotalMessages - summary.BadMessages, summary.BadMessages);

        var peek = await graph.ExecuteCommandAsync("servicebus", "peek-dead-letters");

        Assert.True(peek.Success, peek.Message);
        using var peeked = JsonDocument.Parse(peek.Data!.Value);
        var shown = peeked.RootElement.EnumerateArray().ToList();
        Assert.Equal(Math.Min(100, withDeadLetters.DeadLetters.Count), shown.Count);
        Assert.All(shown, deadLetter =>
        {
            Assert.Equal("InvalidEvent", deadLetter.GetProperty("deadLetterReason").GetString());
            Assert.False(string.IsNullOrEmpty(deadLetter.GetProperty("deadLetterErrorDescription").GetString()));
            Assert.True(deadLetter.GetProperty("applicationProperties").TryGetProperty("event_type", out _));
            Assert.False(string.IsNullOrEmpty(deadLetter.GetProperty("body").GetString()));
        });

        var resubmit = await graph.ExecuteCommandAsync("servicebus", "resubmit-dead-letters");
        Assert.True(resubmit.Success, resubmit.Message);

        // The copies are invalid too, so the consumers dead-letter them again — each naming the message it copies.
        var originals = withDeadLetters.DeadLetters.Take(100).Select(message => message.MessageId).ToHashSet();
        var deadline = DateTime.UtcNow + SettledWithin;
        StoredEventCounts after;
        do
        {
            await Task.Delay(500);
            after = await CountAsync();
        }
        while (DateTime.UtcNow < deadline && after.DeadLetters.Count(IsResubmitted) < originals.Count);

        var copies = after.DeadLetters.Where(IsResubmitted).ToList();
        Assert.Equal(originals.Order(), copies.Select(copy => (string)copy.ApplicationProperties["resubmitted_from"]).Order());
        Assert.All(copies, copy => Assert.DoesNotContain(copy.MessageId, originals));
        Assert.Equal(withDeadLetters.DeadLetters.Count, after.DeadLetters.Count);

        static bool IsResubmitted(Azure.Messaging.ServiceBus.ServiceBusReceivedMessage message) => message.ApplicationProperties.ContainsKey("resubmitted_from");
    }

    private async Task<StoredEventCounts> CountAsync() => await StoredEventCounts.CountAsync(
        await graph.App.GetConnectionStringAsync("blobs"), await graph.App.GetConnectionStringAsync("cosmos"), await graph.App.GetConnectionStringAsync("servicebus"));

    private async Task<StoredEventCounts> WaitForAsync(StoredEventCounts before, int valid, int bad) => await StoredEventCounts.WaitForAsync(
        await graph.App.GetConnectionStringAsync("blobs"), await graph.App.GetConnectionStringAsync("cosmos"), await graph.App.GetConnectionStringAsync("servicebus"),
        before, valid, bad, SettledWithin);

    private sealed record SentCount(long Sent);
}
