using AppHost.Resources;
using AppHost.Topology;

namespace AppHost.Orchestration;

/// <summary>The environment a service replica starts with, in the names Aspire uses.</summary>
internal static class ServiceEnvironment
{
    public static Dictionary<string, string?> For(ServiceDefinition service, string replica, IEnumerable<Resource> references, string url)
    {
        var environment = new Dictionary<string, string?>(service.Environment.ToDictionary(pair => pair.Key, pair => (string?)pair.Value))
        {
            ["ASPNETCORE_URLS"] = url,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["OTEL_SERVICE_NAME"] = service.Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={replica}",
            // One line per log entry reads best behind the AppHost's [name] prefix.
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        foreach (var reference in references)
        {
            environment[$"ConnectionStrings__{reference.Name}"] = reference.ConnectionString;
        }

        return environment;
    }
}
