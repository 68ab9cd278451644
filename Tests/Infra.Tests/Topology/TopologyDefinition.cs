using System.Text.Json;

namespace Infra.Tests.Topology;

/// <summary>What the AppHost declares (see <see cref="AppModelTopology"/>), in the shape the drift check compares.</summary>
public sealed record TopologyDefinition(
    IReadOnlyList<TopologyQueue> Queues,
    IReadOnlyList<TopologyCosmosContainer> CosmosContainers,
    IReadOnlyList<string> BlobContainers,
    IReadOnlyList<TopologyService> Services)
{
    public static TopologyDefinition Load(string path) => Parse(File.ReadAllText(path));

    public static TopologyDefinition Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var resources = document.RootElement.GetProperty("resources");

        var queues = resources.GetProperty("servicebus").GetProperty("queues").EnumerateArray()
            .Select(q => new TopologyQueue(
                q.GetProperty("Name").GetString()!,
                q.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone())))
            .ToList();

        var cosmosContainers = resources.GetProperty("cosmos").GetProperty("databases").EnumerateArray()
            .SelectMany(d => d.GetProperty("containers").EnumerateArray().Select(c => new TopologyCosmosContainer(
                d.GetProperty("name").GetString()!,
                c.GetProperty("name").GetString()!,
                c.GetProperty("partitionKeyPath").GetString()!)))
            .ToList();

        var blobContainers = resources.GetProperty("blobs").GetProperty("containers").EnumerateArray()
            .Select(c => c.GetString()!)
            .ToList();

        var services = document.RootElement.GetProperty("services").EnumerateObject()
            .Select(s => new TopologyService(
                s.Name,
                s.Value.GetProperty("references").EnumerateArray()
                    .Select(r => resources.GetProperty(r.GetString()!).GetProperty("connectionStringName").GetString()!)
                    .ToList(),
                s.Value.GetProperty("environment").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)))
            .ToList();

        return new TopologyDefinition(queues, cosmosContainers, blobContainers, services);
    }
}
