using EndToEnd.Tests.Fixtures.Embedded;
using EndToEnd.Tests.Scenarios;

namespace EndToEnd.Tests.Embedded;

/// <summary>The shared scenarios under the embedded AppHost (one topology for the whole class).</summary>
[Collection(EmbeddedTopologyCollection.Name)]
public sealed class EmbeddedTopologyTests(EmbeddedAppHostFixture app) : TopologyScenarios(app)
{
    [Fact]
    public async Task The_AppHost_runs_every_resource_of_the_topology_with_two_competing_consumers_each_as_its_own_process()
    {
        var resources = await app.GetResourcesAsync();

        Assert.Equal(["servicebus", "blobs", "cosmos", "producer", "consumer-1", "consumer-2"], resources.Select(resource => resource.Name));
        Assert.All(resources, resource => Assert.True(resource.ProcessId is > 0, $"{resource.Name} has no process id"));
        Assert.Equal(resources.Count, resources.Select(resource => resource.ProcessId).Distinct().Count());
        Assert.All(resources, resource => Assert.Equal("Healthy", resource.Health));
    }

    [Fact]
    public async Task The_dashboard_api_reports_real_sent_queue_and_storage_counts()
    {
        await app.WaitUntilHealthyAsync("producer", TimeSpan.FromMinutes(2));
        using var client = new HttpClient { BaseAddress = app.DashboardUrl };

        var counts = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("/api/counts")).RootElement;

        // Counted by the producer, in the Service Bus emulator, Azurite and the Cosmos emulator: a number (zero until
        // events flow), never null.
        Assert.True(counts.GetProperty("sent").GetProperty("value").GetInt64() >= 0);
        Assert.True(counts.GetProperty("archived").GetProperty("value").GetInt64() >= 0);
        Assert.True(counts.GetProperty("stored").GetProperty("value").GetInt64() >= 0);
        Assert.True(counts.GetProperty("active").GetProperty("value").GetInt64() >= 0);
        Assert.True(counts.GetProperty("deadLettered").GetProperty("value").GetInt64() >= 0);
    }
}
