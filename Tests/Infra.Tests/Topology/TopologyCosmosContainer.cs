namespace Infra.Tests.Topology;

public sealed record TopologyCosmosContainer(string Database, string Container, string PartitionKeyPath);
