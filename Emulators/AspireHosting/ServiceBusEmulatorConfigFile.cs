using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace AspireHosting;

/// <summary>
/// Writes the emulator's Config.json (the official Service Bus emulator's shape) from the queues the AppHost declares,
/// so the entities the emulator serves and the names the services are given come from one place.
/// </summary>
public static class ServiceBusEmulatorConfigFile
{
    /// <summary>The official emulator's namespace name; any name works, this one matches its samples.</summary>
    public const string NamespaceName = "sbemulatorns";

    public static JsonObject Create(IEnumerable<LocalServiceBusQueue> queues) => new()
    {
        ["UserConfig"] = new JsonObject
        {
            ["Namespaces"] = new JsonArray(new JsonObject
            {
                ["Name"] = NamespaceName,
                ["Queues"] = new JsonArray([.. queues.Select(queue => (JsonNode)new JsonObject { ["Name"] = queue.Name, ["Properties"] = Properties(queue) })]),
                ["Topics"] = new JsonArray(),
            }),
            ["Logging"] = new JsonObject { ["Type"] = "Console" },
        },
    };

    /// <summary>Where the AppHost writes the config: one folder per AppHost process and emulator resource.</summary>
    public static string DefaultRoot { get; } = Path.Combine(Path.GetTempPath(), "local-servicebus-emulator");

    /// <summary>
    /// Writes the config to <c>&lt;root&gt;/&lt;this process id&gt;-&lt;name&gt;/Config.json</c> and returns its path. The
    /// folders of AppHost processes that no longer run are removed first, so runs that ended, however they ended,
    /// leave nothing behind for long.
    /// </summary>
    public static string Write(IEnumerable<LocalServiceBusQueue> queues, string root, string name)
    {
        RemoveFoldersOfEndedProcesses(root);
        var directory = Path.Combine(root, $"{Environment.ProcessId}-{name}");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "Config.json");
        File.WriteAllText(path, Create(queues).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    private static void RemoveFoldersOfEndedProcesses(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            var prefix = Path.GetFileName(folder).Split('-', 2)[0];
            if (!int.TryParse(prefix, out var processId) || IsRunning(processId))
            {
                continue;
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Another AppHost removing it at the same moment, or not ours to remove: either way, not this run's concern.
            }
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static JsonObject Properties(LocalServiceBusQueue queue)
    {
        var properties = new JsonObject();
        void Add(string name, JsonNode? value)
        {
            if (value is not null)
            {
                properties[name] = value;
            }
        }

        // Config.json writes durations as ISO 8601 (PT1M, P1D), which XmlConvert produces and reads.
        static JsonNode? Duration(TimeSpan? value) => value is { } duration ? XmlConvert.ToString(duration) : null;
        Add("LockDuration", Duration(queue.LockDuration));
        Add("MaxDeliveryCount", queue.MaxDeliveryCount);
        Add("DefaultMessageTimeToLive", Duration(queue.DefaultMessageTimeToLive));
        Add("DeadLetteringOnMessageExpiration", queue.DeadLetteringOnMessageExpiration);
        Add("RequiresDuplicateDetection", queue.RequiresDuplicateDetection);
        Add("DuplicateDetectionHistoryTimeWindow", Duration(queue.DuplicateDetectionHistoryTimeWindow));
        Add("RequiresSession", queue.RequiresSession);
        Add("ForwardTo", queue.ForwardTo);
        Add("ForwardDeadLetteredMessagesTo", queue.ForwardDeadLetteredMessagesTo);
        return properties;
    }
}
