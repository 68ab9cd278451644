namespace AspireHosting;

/// <summary>A Cosmos DB container the AppHost declares, in its database, with its partition key path.</summary>
public sealed record LocalCosmosContainer(string DatabaseName, string ContainerName, string PartitionKeyPath);
