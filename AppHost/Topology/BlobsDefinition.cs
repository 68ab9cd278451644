namespace AppHost.Topology;

internal sealed record BlobsDefinition(string ConnectionName, IReadOnlyList<string> Containers);
