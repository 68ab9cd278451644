using System.Text.Json;
using Infra.Tests.Compiler;

namespace Infra.Tests.Topology;

/// <summary>
/// Lists every difference between the AppHost and what infra/ gives Azure, read from the compiled template (names and
/// values followed through variables and module parameters): the queue and its properties, the Cosmos database,
/// container and partition key, the blob container, and each service's environment variable names (and the values of
/// its plain settings).
/// </summary>
public static class TopologyDrift
{
    /// <summary>Config.json property name → Service Bus ARM queue property name.</summary>
    private static readonly IReadOnlyDictionary<string, string> QueueProperties = new Dictionary<string, string>
    {
        ["LockDuration"] = "lockDuration",
        ["MaxDeliveryCount"] = "maxDeliveryCount",
        ["DefaultMessageTimeToLive"] = "defaultMessageTimeToLive",
        ["DeadLetteringOnMessageExpiration"] = "deadLetteringOnMessageExpiration",
        ["RequiresDuplicateDetection"] = "requiresDuplicateDetection",
        ["DuplicateDetectionHistoryTimeWindow"] = "duplicateDetectionHistoryTimeWindow",
        ["RequiresSession"] = "requiresSession",
    };

    /// <summary>Settings Azure sets apart from their local value, and why: infra/ creates these, the identities cannot.</summary>
    private static readonly IReadOnlyDictionary<string, string> AzureOnlyValues = new Dictionary<string, string>
    {
        ["EventArchive__CreateIfNotExists"] = "false",
        ["EventStore__CreateIfNotExists"] = "false",
    };

    /// <summary>Variables only Azure needs: the client id that makes DefaultAzureCredential pick the app's identity.</summary>
    private static readonly string[] AzureOnlyVariables = ["AZURE_CLIENT_ID"];

    public static IReadOnlyList<string> Compare(TopologyDefinition topology, ArmDeployment infra)
    {
        var declared = infra.AllResources().Where(r => !r.IsExisting).ToList();
        var differences = new List<string>();
        CompareQueues(topology, declared, differences);
        CompareCosmos(topology, declared, differences);
        CompareBlobContainers(topology, declared, differences);
        foreach (var service in topology.Services)
        {
            CompareService(service, declared, differences);
        }

        return differences;
    }

    private static void CompareQueues(TopologyDefinition topology, List<CompiledResource> declared, List<string> differences)
    {
        var queues = OfType(declared, "Microsoft.ServiceBus/namespaces/queues");
        CompareNames("Service Bus queues", topology.Queues.Select(q => q.Name), queues.Select(q => q.OwnName), differences);

        foreach (var queue in topology.Queues)
        {
            var match = queues.FirstOrDefault(q => q.OwnName == queue.Name);
            if (match is null)
            {
                continue;
            }

            foreach (var (configName, value) in queue.Properties)
            {
                if (!QueueProperties.TryGetValue(configName, out var armName))
                {
                    differences.Add($"queue {queue.Name}: topology property {configName} has no ARM counterpart the check knows");
                    continue;
                }

                var infraText = match.Resolve($"properties.{armName}");
                var expected = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => value.GetRawText(),
                };
                if (infraText != expected)
                {
                    differences.Add($"queue {queue.Name}: {configName} is {expected} in the AppHost but {armName} is {infraText ?? "not set"} in {match.Deployment.Path}");
                }
            }
        }
    }

    private static void CompareCosmos(TopologyDefinition topology, List<CompiledResource> declared, List<string> differences)
    {
        var databases = OfType(declared, "Microsoft.DocumentDB/databaseAccounts/sqlDatabases");
        CompareNames("Cosmos databases", topology.CosmosContainers.Select(c => c.Database).Distinct(), databases.Select(d => d.OwnName), differences);

        var containers = OfType(declared, "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers");
        CompareNames("Cosmos containers", topology.CosmosContainers.Select(c => c.Container), containers.Select(c => c.OwnName), differences);

        foreach (var container in topology.CosmosContainers)
        {
            var match = containers.FirstOrDefault(c => c.OwnName == container.Container);
            if (match is null)
            {
                continue;
            }

            var paths = match.At("properties.resource.partitionKey.paths") is { ValueKind: JsonValueKind.Array } array
                ? array.EnumerateArray().Select(match.Deployment.Resolve).ToList()
                : [];
            if (paths.Count != 1 || paths[0] != container.PartitionKeyPath)
            {
                differences.Add($"Cosmos container {container.Container}: partition key is {container.PartitionKeyPath} in the AppHost but [{string.Join(", ", paths)}] in {match.Deployment.Path}");
            }

            // The container must hang off the database the AppHost puts it in.
            if (match.ParentName != container.Database)
            {
                differences.Add($"Cosmos container {container.Container}: database is {container.Database} in the AppHost but {match.ParentName ?? "unknown"} in {match.Deployment.Path}");
            }
        }
    }

    private static void CompareBlobContainers(TopologyDefinition topology, List<CompiledResource> declared, List<string> differences) =>
        CompareNames("blob containers", topology.BlobContainers, OfType(declared, "Microsoft.Storage/storageAccounts/blobServices/containers").Select(c => c.OwnName), differences);

    private static void CompareService(TopologyService service, List<CompiledResource> declared, List<string> differences)
    {
        var apps = OfType(declared, "Microsoft.App/containerApps")
            .SelectMany(app => ContainersOf(app).Where(c => app.Deployment.Resolve(c.GetProperty("name")) == service.Name).Select(c => (App: app, Container: c)))
            .ToList();
        if (apps.Count != 1)
        {
            differences.Add($"service {service.Name}: expected one container app with a container named {service.Name}, found {apps.Count}");
            return;
        }

        var (app, container) = apps[0];
        var where = app.Deployment.Path;
        var variables = (container.TryGetProperty("env", out var env) ? env.EnumerateArray().ToList() : [])
            .Select(e => (Name: app.Deployment.Resolve(e.GetProperty("name")) ?? "(computed name)", Value: e.TryGetProperty("value", out var value) ? app.Deployment.Resolve(value) : null))
            .ToList();

        // A setting Azure alone needs belongs to a service that reads its section (EventStore__… for the consumer).
        var azureOnlySettings = AzureOnlyValues.Keys.Where(name => service.Environment.Keys.Any(local => Section(local) == Section(name))).ToList();
        var expectedNames = service.EnvironmentVariableNames.Concat(AzureOnlyVariables).Concat(azureOnlySettings).Distinct().Order(StringComparer.Ordinal).ToList();
        var actualNames = variables.Select(v => v.Name).Order(StringComparer.Ordinal).ToList();
        foreach (var missing in expectedNames.Except(actualNames))
        {
            differences.Add($"service {service.Name}: {where} does not set {missing}");
        }

        foreach (var extra in actualNames.Except(expectedNames))
        {
            differences.Add($"service {service.Name}: {where} sets {extra}, which the AppHost does not declare");
        }

        foreach (var (name, localValue) in service.Environment.Concat(azureOnlySettings.Select(name => KeyValuePair.Create(name, AzureOnlyValues[name]))))
        {
            var expected = AzureOnlyValues.TryGetValue(name, out var azureValue) ? azureValue : localValue;
            var actual = variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();
            if (variables.Any(v => v.Name == name) && actual != expected)
            {
                differences.Add($"service {service.Name}: {name} is {actual ?? "computed"} in {where}, expected {expected}");
            }
        }
    }

    private static List<CompiledResource> OfType(List<CompiledResource> declared, string type) =>
        declared.Where(r => r.Type == type).ToList();

    private static string Section(string variable) => variable.Split("__")[0];

    private static IEnumerable<JsonElement> ContainersOf(CompiledResource app) =>
        app.At("properties.template.containers") is { ValueKind: JsonValueKind.Array } containers ? containers.EnumerateArray() : [];

    private static void CompareNames(string what, IEnumerable<string> expected, IEnumerable<string?> declared, List<string> differences)
    {
        var expectedSet = expected.Order(StringComparer.Ordinal).ToList();
        var declaredSet = declared.Select(d => d ?? "(computed name)").Order(StringComparer.Ordinal).ToList();
        if (!expectedSet.SequenceEqual(declaredSet))
        {
            differences.Add($"{what}: the AppHost has [{string.Join(", ", expectedSet)}], infra/ declares [{string.Join(", ", declaredSet)}]");
        }
    }
}
