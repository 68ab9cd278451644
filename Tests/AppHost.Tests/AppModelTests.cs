using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using AspireHosting;

namespace AppHost.Tests;

/// <summary>What the AppHost declares, read from the application model its own Program builds; nothing is started.</summary>
public sealed class AppModelTests
{
    private static async Task<IResourceCollection> ResourcesAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();
        return builder.Resources;
    }

    [Fact]
    public async Task The_graph_is_the_three_emulators_the_producer_and_two_consumer_replicas()
    {
        var resources = await ResourcesAsync();

        Assert.IsType<LocalServiceBusEmulatorResource>(resources.Single(resource => resource.Name == "servicebus"));
        Assert.IsType<LocalAzuriteResource>(resources.Single(resource => resource.Name == "blobs"));
        Assert.IsType<LocalCosmosEmulatorResource>(resources.Single(resource => resource.Name == "cosmos"));
        var producer = Assert.IsType<ProjectResource>(resources.Single(resource => resource.Name == "producer"));
        var consumer = Assert.IsType<ProjectResource>(resources.Single(resource => resource.Name == "consumer"));
        Assert.Equal(1, producer.GetReplicaCount());
        Assert.Equal(2, consumer.GetReplicaCount());
    }

    [Fact]
    public async Task The_consumer_references_and_waits_for_each_emulator_and_the_producer_only_for_Service_Bus()
    {
        var resources = await ResourcesAsync();

        Assert.Equal(["blobs", "cosmos", "servicebus"], WaitsFor(resources, "consumer"));
        Assert.Equal(["servicebus"], WaitsFor(resources, "producer"));
    }

    [Fact]
    public async Task The_emulator_config_written_from_the_AppHost_holds_the_store_events_queue_with_its_properties()
    {
        var serviceBus = (await ResourcesAsync()).OfType<LocalServiceBusEmulatorResource>().Single();

        var config = ServiceBusEmulatorConfigFile.Create(serviceBus.Queues);

        var queue = Assert.Single(config["UserConfig"]!["Namespaces"]![0]!["Queues"]!.AsArray())!;
        Assert.Equal("store-events", (string?)queue["Name"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {
              "LockDuration": "PT1M",
              "MaxDeliveryCount": 10,
              "DefaultMessageTimeToLive": "P1D",
              "DeadLetteringOnMessageExpiration": true,
              "RequiresDuplicateDetection": true,
              "DuplicateDetectionHistoryTimeWindow": "PT10M",
              "RequiresSession": false
            }
            """), queue["Properties"]), queue["Properties"]!.ToJsonString());
    }

    [Fact]
    public void The_emulator_config_is_written_per_AppHost_and_folders_of_ended_AppHosts_are_removed()
    {
        var root = Path.Combine(Path.GetTempPath(), $"config-root-{Guid.NewGuid():N}");
        using var ended = System.Diagnostics.Process.Start("true")!;
        ended.WaitForExit();
        var endedFolder = Directory.CreateDirectory(Path.Combine(root, $"{ended.Id}-servicebus")).FullName;
        File.WriteAllText(Path.Combine(endedFolder, "Config.json"), "{}");
        var unrelated = Directory.CreateDirectory(Path.Combine(root, "not-a-process")).FullName;
        try
        {
            var path = ServiceBusEmulatorConfigFile.Write([new LocalServiceBusQueue("store-events")], root, "servicebus");

            Assert.Equal(Path.Combine(root, $"{Environment.ProcessId}-servicebus", "Config.json"), path);
            Assert.Contains("store-events", File.ReadAllText(path));
            Assert.False(Directory.Exists(endedFolder));
            Assert.True(Directory.Exists(unrelated));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Every_emulator_endpoint_is_reached_directly_on_IPv4_loopback()
    {
        var emulators = (await ResourcesAsync()).Where(resource => resource is LocalServiceBusEmulatorResource or LocalAzuriteResource or LocalCosmosEmulatorResource).ToList();

        var endpoints = emulators.SelectMany(resource => resource.Annotations.OfType<EndpointAnnotation>()).ToList();
        Assert.Equal(4, endpoints.Count);
        Assert.All(endpoints, endpoint =>
        {
            Assert.False(endpoint.IsProxied, $"{endpoint.Name} is proxied");
            Assert.Equal("127.0.0.1", endpoint.TargetHost);
            Assert.Null(endpoint.Port);
        });
    }

    [Fact]
    public async Task The_Service_Bus_resource_has_the_dead_letter_commands_and_the_producer_a_send_command()
    {
        var resources = await ResourcesAsync();

        var serviceBusCommands = resources.Single(resource => resource.Name == "servicebus").Annotations.OfType<ResourceCommandAnnotation>().Select(command => command.Name);
        var producerCommands = resources.Single(resource => resource.Name == "producer").Annotations.OfType<ResourceCommandAnnotation>().Select(command => command.Name);
        Assert.Contains(DeadLetterCommands.PeekCommandName, serviceBusCommands);
        Assert.Contains(DeadLetterCommands.ResubmitCommandName, serviceBusCommands);
        Assert.Contains("send-100-events", producerCommands);
    }

    private static IEnumerable<string> WaitsFor(IResourceCollection resources, string name) =>
        resources.Single(resource => resource.Name == name).Annotations.OfType<WaitAnnotation>().Select(wait => wait.Resource.Name).Order(StringComparer.Ordinal);
}
