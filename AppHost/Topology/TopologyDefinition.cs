using System.Text.Json;
using System.Text.Json.Nodes;

namespace AppHost.Topology;

/// <summary>
/// <c>topology.json</c> read into what the AppHost needs: the Service Bus queues (with their properties in the
/// official emulator's Config.json vocabulary), the Cosmos databases and containers, the blob containers, and the
/// services with replicas, references and settings.
/// </summary>
internal sealed record TopologyDefinition(
    ServiceBusDefinition ServiceBus,
    CosmosDefinition Cosmos,
    BlobsDefinition Blobs,
    IReadOnlyList<ServiceDefinition> Services)
{
    public const string FileName = "topology.json";

    /// <summary>Reads the topology copied next to the AppHost's assembly.</summary>
    public static TopologyDefinition Load() => Load(Path.Combine(AppContext.BaseDirectory, FileName));

    /// <exception cref="InvalidDataException">The file is not a topology; the message names the missing part.</exception>
    public static TopologyDefinition Load(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
            ?? throw new InvalidDataException($"{path}: not a JSON object");
        var resources = Required<JsonObject>(root, "resources", path);

        var serviceBus = Required<JsonObject>(resources, "servicebus", path);
        var queues = Required<JsonArray>(serviceBus, "queues", path)
            .Select(queue => new QueueDefinition(
                Required<string>(queue!.AsObject(), "Name", path),
                queue["Properties"]?.AsObject().DeepClone().AsObject() ?? []))
            .ToList();

        var cosmos = Required<JsonObject>(resources, "cosmos", path);
        var databases = Required<JsonArray>(cosmos, "databases", path)
            .Select(database => new CosmosDatabaseDefinition(
                Required<string>(database!.AsObject(), "name", path),
                Required<JsonArray>(database.AsObject(), "containers", path)
                    .Select(container => new CosmosContainerDefinition(
                        Required<string>(container!.AsObject(), "name", path),
                        Required<string>(container.AsObject(), "partitionKeyPath", path)))
                    .ToList()))
            .ToList();

        var blobs = Required<JsonObject>(resources, "blobs", path);
        var blobContainers = Required<JsonArray>(blobs, "containers", path).Select(name => name!.GetValue<string>()).ToList();

        var services = Required<JsonObject>(root, "services", path)
            .Select(service => new ServiceDefinition(
                service.Key,
                Required<string>(service.Value!.AsObject(), "project", path),
                service.Value["replicas"]?.GetValue<int>() ?? 1,
                service.Value["references"]?.AsArray().Select(reference => reference!.GetValue<string>()).ToList() ?? [],
                service.Value["environment"]?.AsObject().ToDictionary(pair => pair.Key, pair => pair.Value!.GetValue<string>()) ?? []))
            .ToList();

        return new TopologyDefinition(
            new ServiceBusDefinition(ConnectionName(serviceBus, "servicebus"), queues),
            new CosmosDefinition(ConnectionName(cosmos, "cosmos"), databases),
            new BlobsDefinition(ConnectionName(blobs, "blobs"), blobContainers),
            services);
    }

    private static string ConnectionName(JsonObject resource, string fallback) =>
        resource["connectionStringName"]?.GetValue<string>() ?? fallback;

    private static T Required<T>(JsonObject parent, string name, string path)
    {
        var node = parent[name] ?? throw new InvalidDataException($"{path}: '{name}' is missing under {parent.GetPath()}");
        try
        {
            return node is T typed ? typed : node.GetValue<T>();
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException or JsonException)
        {
            throw new InvalidDataException($"{path}: {node.GetPath()} has the wrong type", exception);
        }
    }
}
