using System.Text.Json.Nodes;
using AppHost.Orchestration;
using AppHost.Topology;

namespace AppHost.Tests;

public sealed class TopologyTests
{
    private static readonly TopologyDefinition Topology = TopologyDefinition.Load();

    [Fact]
    public void The_topology_defines_the_queue_the_database_the_blob_container_and_the_services()
    {
        Assert.Equal("store-events", Assert.Single(Topology.ServiceBus.Queues).Name);
        var database = Assert.Single(Topology.Cosmos.Databases);
        Assert.Equal(("warehouse", "events", "/store_id"), (database.Name, database.Containers[0].Name, database.Containers[0].PartitionKeyPath));
        Assert.Equal(["warehouse"], Topology.Blobs.Containers);
        Assert.Equal(["producer", "consumer-1", "consumer-2"], Topology.Services.SelectMany(Orchestrator.ReplicaNames));
    }

    [Fact]
    public void The_generated_emulator_config_carries_the_topologys_queue_properties_unchanged()
    {
        var config = ServiceBusEmulatorConfig.Create(Topology.ServiceBus);

        var queue = config["UserConfig"]!["Namespaces"]![0]!["Queues"]![0]!;
        Assert.Equal("store-events", queue["Name"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(Topology.ServiceBus.Queues[0].Properties, queue["Properties"]));
        Assert.Equal("Console", config["UserConfig"]!["Logging"]!["Type"]!.GetValue<string>());
    }

    [Fact]
    public void The_emulators_checked_in_config_declares_the_same_queue_as_the_topology()
    {
        // The AppHost writes the emulator's config from topology.json; the project's own Config.json (for running the
        // emulator by hand) must not drift from it either.
        var path = Path.Combine(BuildLayout.OfThisBuild().RepositoryRoot, "Emulators", "ServiceBusEmulator", "Config.json");
        var checkedIn = JsonNode.Parse(File.ReadAllText(path))!["UserConfig"]!["Namespaces"]![0]!["Queues"]!.AsArray();

        var queue = Assert.Single(checkedIn)!;
        Assert.Equal(Topology.ServiceBus.Queues[0].Name, queue["Name"]!.GetValue<string>());
        foreach (var (name, value) in Topology.ServiceBus.Queues[0].Properties)
        {
            Assert.True(JsonNode.DeepEquals(value, queue["Properties"]![name]), $"Config.json's {name} differs from topology.json's");
        }
    }

    [Fact]
    public void A_topology_without_a_required_part_is_refused_with_its_name()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{ "resources": { "servicebus": { "queues": [] } }, "services": {} }""");

            var error = Assert.Throws<InvalidDataException>(() => TopologyDefinition.Load(path));

            Assert.Contains("'cosmos' is missing", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
