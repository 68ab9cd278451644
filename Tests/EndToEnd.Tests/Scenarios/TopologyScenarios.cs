using System.Net;
using Azure.Storage.Blobs;
using EndToEnd.Tests.Fixtures;
using Microsoft.Azure.Cosmos;

namespace EndToEnd.Tests.Scenarios;

/// <summary>
/// The end-to-end scenarios, written once against <see cref="IDistributedAppFixture"/>: each host flavor runs them by
/// deriving a class that supplies its fixture. The "produce 500 events" scenario joins these once the event flow exists.
/// </summary>
public abstract class TopologyScenarios(IDistributedAppFixture app)
{
    private static readonly TimeSpan HealthyWithin = TimeSpan.FromMinutes(2);

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
    public async Task The_Service_Bus_resource_is_healthy_with_a_connection_string_or_says_why_not()
    {
        var connectionString = await app.GetConnectionStringAsync("servicebus");
        var (health, description) = await app.GetHealthAsync("servicebus");

        if (connectionString is null)
        {
            // Our emulator without its AMQP listener: running, reachable for health, and honest about what is missing.
            Assert.NotEqual("Healthy", health);
            Assert.Contains("amqp", description ?? "", StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            await app.WaitUntilHealthyAsync("servicebus", HealthyWithin);
            Assert.StartsWith("Endpoint=sb://", connectionString, StringComparison.Ordinal);
            Assert.Contains("UseDevelopmentEmulator=true", connectionString, StringComparison.Ordinal);
        }
    }

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
