using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using AspireHosting;

namespace Infra.Tests.Topology;

/// <summary>
/// What the AppHost declares, read from the application model its own Program builds (nothing is started), as compact
/// JSON in the shape <see cref="TopologyDefinition.Parse"/> reads: queues with their Config.json properties, Cosmos
/// containers, blob containers, and each service's references and plain settings.
/// </summary>
public static class AppModelTopology
{
    private static readonly Lazy<string> Json = new(() => ReadAsync().GetAwaiter().GetResult());

    /// <summary>Prefixes of variables Aspire itself gives every project (telemetry, URLs, discovery), not the app's settings.</summary>
    private static readonly string[] AspireVariablePrefixes = ["OTEL_", "ASPNETCORE_", "DOTNET_", "HTTP_", "HTTPS_", "services__", "ConnectionStrings__", "LOGGING__"];

    public static string ToJson() => Json.Value;

    public static TopologyDefinition Load() => TopologyDefinition.Parse(ToJson());

    private static async Task<string> ReadAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();
        var resources = builder.Resources;
        var serviceBus = resources.OfType<LocalServiceBusEmulatorResource>().Single();
        var blobs = resources.OfType<LocalAzuriteResource>().Single();
        var cosmos = resources.OfType<LocalCosmosEmulatorResource>().Single();
        var config = ServiceBusEmulatorConfigFile.Create(serviceBus.Queues);

        var services = new JsonObject();
        foreach (var project in resources.OfType<ProjectResource>())
        {
            var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish));
            foreach (var callback in project.Annotations.OfType<EnvironmentCallbackAnnotation>())
            {
                await callback.Callback(context);
            }

            var references = context.EnvironmentVariables.Keys
                .Where(name => name.StartsWith("ConnectionStrings__", StringComparison.Ordinal))
                .Select(name => (JsonNode)name["ConnectionStrings__".Length..]);
            var settings = context.EnvironmentVariables
                .Where(variable => variable.Value is string && !AspireVariablePrefixes.Any(prefix => variable.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
                .ToDictionary(variable => variable.Key, variable => (JsonNode?)(string)variable.Value);
            services[project.Name] = new JsonObject
            {
                ["references"] = new JsonArray([.. references]),
                ["environment"] = new JsonObject(settings),
            };
        }

        return new JsonObject
        {
            ["resources"] = new JsonObject
            {
                [serviceBus.Name] = new JsonObject
                {
                    ["connectionStringName"] = serviceBus.Name,
                    ["queues"] = config["UserConfig"]!["Namespaces"]![0]!["Queues"]!.DeepClone(),
                },
                [cosmos.Name] = new JsonObject
                {
                    ["connectionStringName"] = cosmos.Name,
                    ["databases"] = new JsonArray([.. cosmos.Containers.GroupBy(container => container.DatabaseName).Select(database => (JsonNode)new JsonObject
                    {
                        ["name"] = database.Key,
                        ["containers"] = new JsonArray([.. database.Select(container => (JsonNode)new JsonObject
                        {
                            ["name"] = container.ContainerName,
                            ["partitionKeyPath"] = container.PartitionKeyPath,
                        })]),
                    })]),
                },
                [blobs.Name] = new JsonObject
                {
                    ["connectionStringName"] = blobs.Name,
                    ["containers"] = new JsonArray([.. blobs.BlobContainers.Select(container => (JsonNode)container)]),
                },
            },
            ["services"] = services,
        }.ToJsonString();
    }
}
