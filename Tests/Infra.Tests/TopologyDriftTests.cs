using Infra.Tests.Bicep;
using Infra.Tests.Topology;

namespace Infra.Tests;

/// <summary>infra/ declares what the AppHost declares — and the comparison notices when it does not.</summary>
public sealed class TopologyDriftTests
{
    private static TopologyDefinition Topology => AppModelTopology.Load();

    [Fact]
    public void Infra_declares_the_queue_database_containers_and_settings_of_the_local_topology()
    {
        var topology = Topology;
        Assert.NotEmpty(topology.Queues);
        Assert.NotEmpty(topology.Services);

        var differences = TopologyDrift.Compare(topology, InfraTemplate.Project);

        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    [Fact]
    public void Every_queue_property_of_the_topology_is_compared()
    {
        var queue = Assert.Single(Topology.Queues);

        Assert.Equal(
            ["DeadLetteringOnMessageExpiration", "DefaultMessageTimeToLive", "DuplicateDetectionHistoryTimeWindow", "LockDuration", "MaxDeliveryCount", "RequiresDuplicateDetection", "RequiresSession"],
            queue.Properties.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("\"MaxDeliveryCount\":10", "\"MaxDeliveryCount\":5", "MaxDeliveryCount is 5 in the AppHost but maxDeliveryCount is 10")]
    [InlineData("\"LockDuration\":\"PT1M\"", "\"LockDuration\":\"PT30S\"", "LockDuration is PT30S")]
    [InlineData("\"RequiresDuplicateDetection\":true", "\"RequiresDuplicateDetection\":false", "RequiresDuplicateDetection is false")]
    [InlineData("\"Name\":\"store-events\"", "\"Name\":\"orders\"", "Service Bus queues: the AppHost has [orders]")]
    [InlineData("\"partitionKeyPath\":\"/store_id\"", "\"partitionKeyPath\":\"/id\"", "partition key is /id")]
    [InlineData("{\"name\":\"events\"", "{\"name\":\"sales\"", "Cosmos containers")]
    [InlineData("\"containers\":[\"warehouse\"]", "\"containers\":[\"archive\"]", "blob containers")]
    [InlineData("\"EventStore__ContainerName\":\"events\"", "\"EventStore__ContainerName\":\"events\",\"EventStore__Throughput\":\"400\"", "does not set EventStore__Throughput")]
    [InlineData("\"references\":[\"servicebus\"]", "\"references\":[\"servicebus\",\"blobs\"]", "does not set ConnectionStrings__blobs")]
    [InlineData("\"ServiceBus__QueueName\":\"store-events\",\"EventArchive", "\"ServiceBus__QueueName\":\"other\",\"EventArchive", "ServiceBus__QueueName is store-events")]
    public void A_change_to_the_topology_alone_is_reported(string original, string changed, string because)
    {
        var json = AppModelTopology.ToJson();
        Assert.Contains(original, json);

        var differences = TopologyDrift.Compare(TopologyDefinition.Parse(json.Replace(original, changed)), InfraTemplate.Project);

        Assert.Contains(differences, d => d.Contains(because, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("servicebus/servicebus.module.bicep", "duplicateDetectionHistoryTimeWindow: 'PT10M'", "duplicateDetectionHistoryTimeWindow: 'PT1H'", "DuplicateDetectionHistoryTimeWindow is PT10M")]
    [InlineData("servicebus/servicebus.module.bicep", "    requiresSession: false\n", "", "RequiresSession is false in the AppHost but requiresSession is not set")]
    [InlineData("consumer/consumer.module.bicep", "name: 'ConnectionStrings__cosmos'", "name: 'ConnectionStrings__CosmosDb'", "does not set ConnectionStrings__cosmos")]
    [InlineData("consumer/consumer.module.bicep", "name: 'EventStore__CreateIfNotExists'\n              value: 'false'", "name: 'EventStore__CreateIfNotExists'\n              value: 'true'", "EventStore__CreateIfNotExists is true")]
    [InlineData("producer/producer.module.bicep", "var queueName = 'store-events'", "var queueName = 'store-events-v2'", "ServiceBus__QueueName is store-events-v2")]
    [InlineData("storage/storage.module.bicep", "name: 'warehouse'", "name: 'archive'", "blob containers: the AppHost has [warehouse], infra/ declares [archive]")]
    public void A_change_to_infra_alone_is_reported(string file, string original, string changed, string because)
    {
        var infra = WithChangedFile(file, original, changed);

        var differences = TopologyDrift.Compare(Topology, infra);

        Assert.Contains(differences, d => d.Contains(because, StringComparison.Ordinal));
    }

    // infra/ as it is, except one file with one text replaced (which must be found, so the test cannot pass vacuously).
    private static BicepProject WithChangedFile(string relativePath, string original, string changed)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Infra, relativePath));
        Assert.Contains(original, text);
        var changedFile = BicepFile.Parse(relativePath, text.Replace(original, changed));
        return new BicepProject(InfraTemplate.Project.Files.Where(f => f.Path != relativePath).Append(changedFile));
    }
}
