using System.Text.Json;
using System.Text.RegularExpressions;
using Infra.Tests.Bicep;

namespace Infra.Tests;

/// <summary>
/// What azd needs from the files, checked without azd: the services of azure.yaml exist as tagged container
/// apps, every parameter main.parameters.json feeds exists in main.bicep, and modules are wired to real
/// parameters and outputs (the cross-file part of what a Bicep compiler would check).
/// </summary>
public sealed partial class AzdLayoutTests
{
    [Fact]
    public void Every_azure_yaml_service_is_a_container_app_tagged_with_its_azd_service_name()
    {
        var yaml = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "azure.yaml"));
        var services = ServiceEntry().Matches(yaml).Select(m => m.Groups[1].Value).ToList();
        var tagged = InfraTemplate.Project.DeclaredResourcesOfType("Microsoft.App/containerApps")
            .Select(x => AzdServiceTag().Match((x.Resource.At("tags") as BicepExpression)?.Text ?? "").Groups[1].Value)
            .ToList();

        Assert.Equal(["consumer", "producer"], services.Order(StringComparer.Ordinal));
        Assert.Equal(services.Order(StringComparer.Ordinal), tagged.Order(StringComparer.Ordinal));
        Assert.Contains("host: containerapp", yaml);
        Assert.Contains("path: infra", yaml);
    }

    [Fact]
    public void Main_parameters_feed_only_parameters_main_declares_and_every_required_one()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "main.parameters.json")));
        var fed = document.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();
        var main = InfraTemplate.Project.File("main.bicep");

        Assert.Empty(fed.Except(main.Parameters.Select(p => p.Name)));
        Assert.Empty(main.Parameters.Where(p => p.DefaultValue is null).Select(p => p.Name).Except(fed));
    }

    [Fact]
    public void Modules_receive_declared_parameters_all_required_ones_and_expose_the_outputs_used()
    {
        var problems = ModuleWiring.Check(InfraTemplate.Project);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Module_wiring__flags_unknown_and_missing_parameters_and_unknown_outputs()
    {
        var project = new BicepProject(
        [
            BicepFile.Parse("main.bicep", """
                module child 'child.bicep' = {
                  name: 'child'
                  params: {
                    wrongName: 'x'
                  }
                }
                output value string = child.outputs.missing
                """),
            BicepFile.Parse("child.bicep", """
                param required string
                output present string = required
                """),
        ]);

        var problems = ModuleWiring.Check(project);

        Assert.Contains(problems, p => p.Contains("passes wrongName, which child.bicep does not declare"));
        Assert.Contains(problems, p => p.Contains("does not pass required"));
        Assert.Contains(problems, p => p.Contains("child.outputs.missing"));
    }

    [GeneratedRegex(@"^  ([a-z][a-z0-9-]*):\s*$", RegexOptions.Multiline)]
    private static partial Regex ServiceEntry();

    [GeneratedRegex(@"'azd-service-name'\s*:\s*'([^']+)'")]
    private static partial Regex AzdServiceTag();
}
