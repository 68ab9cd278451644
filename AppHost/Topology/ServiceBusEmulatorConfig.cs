using System.Text.Json;
using System.Text.Json.Nodes;

namespace AppHost.Topology;

/// <summary>
/// Writes the Service Bus emulator's Config.json (the official emulator's shape) from the topology at every start,
/// so the queues the emulator serves and the names the services are given come from one file and cannot drift.
/// </summary>
internal static class ServiceBusEmulatorConfig
{
    /// <summary>The official emulator's namespace name; any name works, this one matches its samples.</summary>
    public const string NamespaceName = "sbemulatorns";

    public static JsonObject Create(ServiceBusDefinition serviceBus) => new()
    {
        ["UserConfig"] = new JsonObject
        {
            ["Namespaces"] = new JsonArray(new JsonObject
            {
                ["Name"] = NamespaceName,
                ["Queues"] = new JsonArray(serviceBus.Queues
                    .Select(queue => (JsonNode)new JsonObject { ["Name"] = queue.Name, ["Properties"] = queue.Properties.DeepClone() })
                    .ToArray()),
                ["Topics"] = new JsonArray(),
            }),
            // Console, so the emulator's log reaches the AppHost's log stream and its bound ports can be read from it.
            ["Logging"] = new JsonObject { ["Type"] = "Console" },
        },
    };

    /// <summary>Writes the config into <paramref name="directory"/> and returns its path.</summary>
    public static string Write(ServiceBusDefinition serviceBus, string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "Config.json");
        File.WriteAllText(path, Create(serviceBus).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
