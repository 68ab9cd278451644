namespace AppHost.Topology;

internal sealed record CosmosDefinition(string ConnectionName, IReadOnlyList<CosmosDatabaseDefinition> Databases);
