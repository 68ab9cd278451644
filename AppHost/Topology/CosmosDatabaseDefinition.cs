namespace AppHost.Topology;

internal sealed record CosmosDatabaseDefinition(string Name, IReadOnlyList<CosmosContainerDefinition> Containers);
