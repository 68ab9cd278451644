using System.Text.Json;
using Infra.Tests.Compiler;

namespace Infra.Tests;

/// <summary>
/// What the compiled ARM template gives Azure: the deployment order (`dependsOn`) and the health probes each revision
/// gets. (Every other check in this project reads the compiled template too.)
/// </summary>
public sealed class CompiledTemplateTests
{
    [Fact]
    public async Task Container_apps_environment_deploys_after_both_peerings()
    {
        // The environment's subnet routes everything to the hub firewall; without both peerings that route leads nowhere.
        var compiled = await CompiledInfra.Instance;
        var dependsOn = compiled.Deployment("resources").GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString()!).ToList();

        foreach (var peering in new[] { "hub-to-spoke-peering", "spoke-to-hub-peering" })
        {
            compiled.Deployment(peering);
            Assert.Contains(dependsOn, d => d.Contains($"'Microsoft.Resources/deployments', '{peering}')", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("producer")]
    [InlineData("consumer")]
    public async Task Service_probes_alive_and_health_once_it_runs_its_own_image(string service)
    {
        var template = (await CompiledInfra.Instance).Root.Module(service).Template;
        var probes = template.GetProperty("variables").GetProperty("serviceProbes").EnumerateArray().ToList();

        Assert.Equal(["Liveness:/alive:8080", "Readiness:/health:8080"], probes.Select(Describe).Order());
        var container = ContainerOf(template);
        var (imageCondition, probesCondition) = (Condition(container, "image"), Condition(container, "probes"));
        Assert.Equal(imageCondition, probesCondition);
        Assert.EndsWith("variables('placeholderProbes'), variables('serviceProbes'))]", container.GetProperty("probes").GetString());
    }

    [Theory]
    [InlineData("producer")]
    [InlineData("consumer")]
    public async Task Placeholder_revision_gets_tcp_probes_on_the_service_port(string service)
    {
        // The first provision runs a placeholder image that serves neither /alive nor /health: HTTP probes would fail it.
        var template = (await CompiledInfra.Instance).Root.Module(service).Template;
        var probes = template.GetProperty("variables").GetProperty("placeholderProbes").EnumerateArray().ToList();

        Assert.Equal(["Liveness:tcp:8080", "Readiness:tcp:8080"], probes.Select(Describe).Order());
    }

    private static JsonElement ContainerOf(JsonElement template) =>
        ArmTemplate.Resources(template)
            .Single(r => r.GetProperty("type").GetString() == "Microsoft.App/containerApps")
            .GetProperty("properties").GetProperty("template").GetProperty("containers")[0];

    /// <summary>The `if(...)` test of a compiled conditional value, up to its first branch.</summary>
    private static string Condition(JsonElement container, string property)
    {
        var expression = container.GetProperty(property).GetString()!;
        Assert.StartsWith("[if(empty(", expression);
        return expression[..(expression.IndexOf(".outputs.image.value)", StringComparison.Ordinal) + 1)];
    }

    private static string Describe(JsonElement probe)
    {
        var type = probe.GetProperty("type").GetString();
        if (probe.TryGetProperty("httpGet", out var http))
        {
            return $"{type}:{http.GetProperty("path").GetString()}:{http.GetProperty("port").GetInt32()}";
        }

        return $"{type}:tcp:{probe.GetProperty("tcpSocket").GetProperty("port").GetInt32()}";
    }
}
