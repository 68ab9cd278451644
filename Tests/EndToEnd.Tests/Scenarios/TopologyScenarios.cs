using System.Net;
using System.Net.Http.Json;
using Azure.Storage.Blobs;
using EndToEnd.Tests.Fixtures;
using Microsoft.Azure.Cosmos;

namespace EndToEnd.Tests.Scenarios;

/// <summary>
/// The end-to-end scenarios, written once against <see cref="IDistributedAppFixture"/>: each host flavor runs them by
/// deriving a class that supplies its fixture. That no process outlives the topology is the embedded lifecycle tests' job
/// (it needs the host's process ids, which only the embedded fixture has).
/// </summary>
public abstract class TopologyScenarios(IDistributedAppFixture app)
{
    private static readonly TimeSpan HealthyWithin = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan SettledWithin = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task The_producer_and_every_consumer_replica_report_healthy_and_alive()
    {
        foreach (var replica in app.ReplicasOf("producer").Concat(app.ReplicasOf("consumer")))
        {
            await app.WaitUntilHealthyAsync(replica, HealthyWithin);
            using var client = await app.CreateHttpClientAsync(replica);

            using var health = await client.GetAsync("/health");
            using var alive = await client.GetAsync("/alive");

            Assert.True(health.StatusCode == HttpStatusCode.OK, $"{replica} /health: {(int)health.StatusCode} {await health.Content.ReadAsStringAsync()}");
            Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }
    }

    [Fact]
    public async Task The_Service_Bus_resource_is_healthy_and_offers_an_emulator_connection_string()
    {
        await app.WaitUntilHealthyAsync("servicebus", HealthyWithin);
        var connectionString = await app.GetConnectionStringAsync("servicebus");

        Assert.NotNull(connectionString);
        Assert.StartsWith("Endpoint=sb://", connectionString, StringComparison.Ordinal);
        Assert.Contains("UseDevelopmentEmulator=true", connectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_hundred_events_produced_over_http_end_up_each_valid_one_in_blob_and_cosmos_and_each_bad_one_dead_lettered()
    {
        foreach (var resource in new[] { "servicebus", "blobs", "cosmos" }.Concat(app.ReplicasOf("producer")).Concat(app.ReplicasOf("consumer")))
        {
            await app.WaitUntilHealthyAsync(resource, HealthyWithin);
        }

        var blobs = await app.GetConnectionStringAsync("blobs");
        var cosmos = await app.GetConnectionStringAsync("cosmos");
        var serviceBus = await app.GetConnectionStringAsync("servicebus");
        // The topology is shared with other scenarios: count what this one adds, not what was there before.
        var before = await StoredEventCounts.CountAsync(blobs, cosmos, serviceBus);

        using var producer = await app.CreateHttpClientAsync(app.ReplicasOf("producer")[0]);
        var sentBefore = (await producer.GetFromJsonAsync<SentCount>("/api/events/sent"))!.Sent;
        using var response = await producer.PostAsync("/api/events?count=500", content: null);
        Assert.True(response.IsSuccessStatusCode, $"POST /api/events?count=500: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var summary = (await response.Content.ReadFromJsonAsync<ProducedSummary>())!;
        Assert.Equal(500, summary.TotalMessages);
        // Bad events are sent too (the consumers dead-letter them): the producer counts all 500.
        Assert.Equal(sentBefore + 500, (await producer.GetFromJsonAsync<SentCount>("/api/events/sent"))!.Sent);
        var valid = summary.TotalMessages - summary.BadMessages;

        var deadline = DateTime.UtcNow + SettledWithin;
        StoredEventCounts after;
        do
        {
            await Task.Delay(500);
            after = await StoredEventCounts.CountAsync(blobs, cosmos, serviceBus);
        }
        while (DateTime.UtcNow < deadline
            && (after.Blobs - before.Blobs < valid || after.CosmosItems - before.CosmosItems < valid || after.DeadLetters.Count - before.DeadLetters.Count < summary.BadMessages));

        Assert.Equal(valid, after.Blobs - before.Blobs);
        Assert.Equal(valid, after.CosmosItems - before.CosmosItems);
        var newDeadLetters = after.DeadLetters.Skip(before.DeadLetters.Count).ToList();
        Assert.Equal(summary.BadMessages, newDeadLetters.Count);
        Assert.All(newDeadLetters, deadLetter => Assert.Equal("InvalidEvent", deadLetter.DeadLetterReason));

        foreach (var replica in app.ReplicasOf("producer").Concat(app.ReplicasOf("consumer")))
        {
            Assert.Equal("Healthy", (await app.GetHealthAsync(replica)).Health);
        }
    }

    /// <summary>The part of the producer's answer this scenario checks against (web JSON, case-insensitive).</summary>
    private sealed record ProducedSummary(int TotalMessages, int BadMessages);

    private sealed record SentCount(long Sent);

    [Fact]
    public async Task The_consumers_prepared_the_blob_container_and_the_cosmos_container_they_were_configured_with()
    {
        foreach (var replica in app.ReplicasOf("consumer"))
        {
            await app.WaitUntilHealthyAsync(replica, HealthyWithin);
        }

        var blobs = StorageConnection.BlobContainer(await app.GetConnectionStringAsync("blobs"), defaultContainer: "warehouse");
        Assert.True(await blobs.ExistsAsync(), $"blob container {blobs.Name} missing at {blobs.Uri}");

        using var cosmos = new CosmosClient(await app.GetConnectionStringAsync("cosmos"), new CosmosClientOptions { ConnectionMode = ConnectionMode.Gateway });
        var container = await cosmos.GetContainer("warehouse", "events").ReadContainerAsync();
        Assert.Equal("/store_id", container.Resource.PartitionKeyPath);
    }
}
