using System.Text.Json;
using System.Text.RegularExpressions;
using Infra.Tests.Compiler;

namespace Infra.Tests;

/// <summary>
/// What azd needs from the files, checked without azd: the services of azure.yaml exist as container apps tagged with
/// their azd service name, and main.parameters.json feeds only parameters main.bicep declares and every required one.
/// (That modules get the parameters they declare and expose the outputs read from them, the compiler checks: see
/// <see cref="CompilerDiagnosticsTests"/>.)
/// </summary>
public sealed partial class AzdLayoutTests
{
    [Fact]
    public async Task Every_azure_yaml_service_is_a_container_app_tagged_with_its_azd_service_name()
    {
        var yaml = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "azure.yaml"));
        var services = ServiceEntry().Matches(yaml).Select(m => m.Groups[1].Value).ToList();
        var tagged = (await CompiledInfra.Instance).Root.AllResources()
            .Where(r => r.Type == "Microsoft.App/containerApps" && !r.IsExisting)
            .Select(r => AzdServiceTag().Match(r.At("tags") is { } tags ? r.Deployment.Render(tags) : "").Groups[1].Value)
            .ToList();

        Assert.Equal(["consumer", "producer"], services.Order(StringComparer.Ordinal));
        Assert.Equal(services.Order(StringComparer.Ordinal), tagged.Order(StringComparer.Ordinal));
        Assert.Contains("host: containerapp", yaml);
        Assert.Contains("path: infra", yaml);
    }

    [Fact]
    public async Task Main_parameters_feed_only_parameters_main_declares_and_every_required_one()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "main.parameters.json")));
        var fed = document.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();
        var declared = (await CompiledInfra.Instance).Root.Template.GetProperty("parameters").EnumerateObject().ToList();

        Assert.NotEmpty(fed);
        Assert.Empty(fed.Except(declared.Select(p => p.Name)));
        Assert.Empty(declared.Where(p => !p.Value.TryGetProperty("defaultValue", out _)).Select(p => p.Name).Except(fed));
    }

    [GeneratedRegex(@"^  ([a-z][a-z0-9-]*):\s*$", RegexOptions.Multiline)]
    private static partial Regex ServiceEntry();

    // createObject('azd-service-name', 'producer'), as the compiler writes the tag.
    [GeneratedRegex(@"'azd-service-name', '([^']+)'")]
    private static partial Regex AzdServiceTag();
}
