using System.Text.Json;
using Infra.Tests.Bicep;

namespace Infra.Tests.Topology;

/// <summary>
/// Lists every difference between the AppHost and what infra/ declares: the queue and its
/// properties, the Cosmos database, container and partition key, the blob container, and each service's
/// environment variable names (and the values of its plain settings).
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

    public static IReadOnlyList<string> Compare(TopologyDefinition topology, BicepProject infra)
    {
        var differences = new List<string>();
        CompareQueues(topology, infra, differences);
        CompareCosmos(topology, infra, differences);
        CompareBlobContainers(topology, infra, differences);
        foreach (var service in topology.Services)
        {
            CompareService(service, infra, differences);
        }

        return differences;
    }

    private static void CompareQueues(TopologyDefinition topology, BicepProject infra, List<string> differences)
    {
        var declared = infra.DeclaredResourcesOfType("Microsoft.ServiceBus/namespaces/queues").ToList();
        CompareNames("Service Bus queues", topology.Queues.Select(q => q.Name), declared.Select(d => d.File.ResolveString(d.Resource.At("name"))), differences);

        foreach (var queue in topology.Queues)
        {
            var match = declared.FirstOrDefault(d => d.File.ResolveString(d.Resource.At("name")) == queue.Name);
            if (match.Resource is null)
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

                var infraValue = match.Resource.At($"properties.{armName}");
                var infraText = match.File.ResolveString(infraValue) ?? (infraValue as BicepLiteral)?.Text;
                var expected = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => value.GetRawText(),
                };
                if (infraText != expected)
                {
                    differences.Add($"queue {queue.Name}: {configName} is {expected} in the AppHost but {armName} is {infraText ?? "not set"} in {match.File.Path}");
                }
            }
        }
    }

    private static void CompareCosmos(TopologyDefinition topology, BicepProject infra, List<string> differences)
    {
        var databases = infra.DeclaredResourcesOfType("Microsoft.DocumentDB/databaseAccounts/sqlDatabases").ToList();
        CompareNames("Cosmos databases", topology.CosmosContainers.Select(c => c.Database).Distinct(), databases.Select(d => d.File.ResolveString(d.Resource.At("name"))), differences);

        var containers = infra.DeclaredResourcesOfType("Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers").ToList();
        CompareNames("Cosmos containers", topology.CosmosContainers.Select(c => c.Container), containers.Select(d => d.File.ResolveString(d.Resource.At("name"))), differences);

        foreach (var container in topology.CosmosContainers)
        {
            var match = containers.FirstOrDefault(d => d.File.ResolveString(d.Resource.At("name")) == container.Container);
            if (match.Resource is null)
            {
                continue;
            }

            var paths = (match.Resource.At("properties.resource.partitionKey.paths") as BicepArray)?.Items
                .Select(match.File.ResolveString).ToList() ?? [];
            if (paths.Count != 1 || paths[0] != container.PartitionKeyPath)
            {
                differences.Add($"Cosmos container {container.Container}: partition key is {container.PartitionKeyPath} in the AppHost but [{string.Join(", ", paths)}] in {match.File.Path}");
            }

            // The container must hang off the database the AppHost puts it in.
            var parent = (match.Resource.At("parent") as BicepExpression)?.Text;
            var parentName = parent is null ? null : match.File.ResolveString(match.File.FindResource(parent)?.At("name"));
            if (parentName != container.Database)
            {
                differences.Add($"Cosmos container {container.Container}: database is {container.Database} in the AppHost but {parentName ?? "unknown"} in {match.File.Path}");
            }
        }
    }

    private static void CompareBlobContainers(TopologyDefinition topology, BicepProject infra, List<string> differences)
    {
        var declared = infra.DeclaredResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers");
        CompareNames("blob containers", topology.BlobContainers, declared.Select(d => d.File.ResolveString(d.Resource.At("name"))), differences);
    }

    private static void CompareService(TopologyService service, BicepProject infra, List<string> differences)
    {
        var apps = infra.DeclaredResourcesOfType("Microsoft.App/containerApps")
            .Where(a => ContainersOf(a.Resource).Any(c => a.File.ResolveString(c.At("name")) == service.Name))
            .ToList();
        if (apps.Count != 1)
        {
            differences.Add($"service {service.Name}: expected one container app with a container named {service.Name}, found {apps.Count}");
            return;
        }

        var (file, app) = apps[0];
        var container = ContainersOf(app).First(c => file.ResolveString(c.At("name")) == service.Name);
        var variables = ((container.At("env") as BicepArray)?.Items ?? [])
            .Select(e => (Name: file.ResolveString(e.At("name")) ?? "(computed name)", Value: e.At("value")))
            .ToList();

        // A setting Azure alone needs belongs to a service that reads its section (EventStore__… for the consumer).
        var azureOnlySettings = AzureOnlyValues.Keys.Where(name => service.Environment.Keys.Any(local => Section(local) == Section(name))).ToList();
        var expectedNames = service.EnvironmentVariableNames.Concat(AzureOnlyVariables).Concat(azureOnlySettings).Distinct().Order(StringComparer.Ordinal).ToList();
        var actualNames = variables.Select(v => v.Name).Order(StringComparer.Ordinal).ToList();
        foreach (var missing in expectedNames.Except(actualNames))
        {
            differences.Add($"service {service.Name}: {file.Path} does not set {missing}");
        }

        foreach (var extra in actualNames.Except(expectedNames))
        {
            differences.Add($"service {service.Name}: {file.Path} sets {extra}, which the AppHost does not declare");
        }

        foreach (var (name, localValue) in service.Environment.Concat(azureOnlySettings.Select(name => KeyValuePair.Create(name, AzureOnlyValues[name]))))
        {
            var expected = AzureOnlyValues.TryGetValue(name, out var azureValue) ? azureValue : localValue;
            var actual = variables.Where(v => v.Name == name).Select(v => file.ResolveString(v.Value)).FirstOrDefault();
            if (variables.Any(v => v.Name == name) && actual != expected)
            {
                differences.Add($"service {service.Name}: {name} is {actual ?? "computed"} in {file.Path}, expected {expected}");
            }
        }
    }

    private static string Section(string variable) => variable.Split("__")[0];

    private static IEnumerable<BicepValue> ContainersOf(ResourceDeclaration app) =>
        (app.At("properties.template.containers") as BicepArray)?.Items ?? [];

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
