using Infra.Tests.Compiler;
using Infra.Tests.Topology;

namespace Infra.Tests;

/// <summary>
/// infra/, as compiled, declares what the AppHost declares — and the comparison notices when it does not.
/// </summary>
public sealed class TopologyDriftTests
{
    private static TopologyDefinition Topology => AppModelTopology.Load();

    [Fact]
    public async Task Infra_declares_the_queue_database_containers_and_settings_of_the_local_topology()
    {
        var topology = Topology;
        Assert.NotEmpty(topology.Queues);
        Assert.NotEmpty(topology.Services);

        var differences = TopologyDrift.Compare(topology, (await CompiledInfra.Instance).Root);

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
    public async Task A_change_to_the_topology_alone_is_reported(string original, string changed, string because)
    {
        var json = AppModelTopology.ToJson();
        Assert.Contains(original, json);

        var differences = TopologyDrift.Compare(TopologyDefinition.Parse(json.Replace(original, changed)), (await CompiledInfra.Instance).Root);

        Assert.Contains(differences, d => d.Contains(because, StringComparison.Ordinal));
    }

    /// <summary>One change to one infra/ file each, and what the comparison must say about it.</summary>
    private static readonly (string File, string Original, string Changed, string Because)[] InfraChanges =
    [
        ("servicebus/servicebus.module.bicep", "duplicateDetectionHistoryTimeWindow: 'PT10M'", "duplicateDetectionHistoryTimeWindow: 'PT1H'", "DuplicateDetectionHistoryTimeWindow is PT10M"),
        ("servicebus/servicebus.module.bicep", "    requiresSession: false\n", "", "RequiresSession is false in the AppHost but requiresSession is not set"),
        ("consumer/consumer.module.bicep", "name: 'ConnectionStrings__cosmos'", "name: 'ConnectionStrings__CosmosDb'", "does not set ConnectionStrings__cosmos"),
        ("consumer/consumer.module.bicep", "name: 'EventStore__CreateIfNotExists'\n              value: 'false'", "name: 'EventStore__CreateIfNotExists'\n              value: 'true'", "EventStore__CreateIfNotExists is true"),
        ("producer/producer.module.bicep", "var queueName = 'store-events'", "var queueName = 'store-events-v2'", "ServiceBus__QueueName is store-events-v2"),
        ("storage/storage.module.bicep", "name: 'warehouse'", "name: 'archive'", "blob containers: the AppHost has [warehouse], infra/ declares [archive]"),
    ];

    // Every changed copy of infra/ compiled once, together, by one compiler process.
    private static readonly Lazy<Task<IReadOnlyList<ArmDeployment>>> CompiledInfraChanges =
        new(() => ScratchInfra.CompileInfraVariantsAsync([.. InfraChanges.Select(c => (c.File, c.Original, c.Changed))]));

    public static TheoryData<string, string> InfraChangeCases
    {
        get
        {
            var cases = new TheoryData<string, string>();
            foreach (var change in InfraChanges)
            {
                cases.Add(change.File, change.Because);
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(InfraChangeCases))]
    public async Task A_change_to_infra_alone_is_reported(string file, string because)
    {
        var index = Array.FindIndex(InfraChanges, c => c.File == file && c.Because == because);
        var infra = (await CompiledInfraChanges.Value)[index];

        var differences = TopologyDrift.Compare(Topology, infra);

        Assert.Contains(differences, d => d.Contains(because, StringComparison.Ordinal));
    }
}
