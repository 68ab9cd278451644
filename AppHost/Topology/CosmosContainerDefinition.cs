namespace AppHost.Topology;

internal sealed record CosmosContainerDefinition(string Name, string PartitionKeyPath);
