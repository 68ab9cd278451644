using System.Text.Json;
using Infra.Tests.Compiler;

namespace Infra.Tests.Rules;

/// <summary>
/// Mirrors Checkov CKV2_AZURE_33 ("storage account is configured with private endpoint"), applied to every
/// private-link service here (Azure Policy has the same audit built in for Service Bus, Cosmos DB and
/// registries): each deployed resource of the type needs, in the same deployment, a private endpoint whose
/// connection targets that resource's id with the service's group id, and a private DNS zone group on that endpoint
/// so the service's name resolves to the private address.
/// </summary>
public sealed record PrivateEndpointRule(string ResourceType, string GroupId) : IInfraRule
{
    private const string PrivateEndpointType = "Microsoft.Network/privateEndpoints";
    private const string DnsZoneGroupType = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups";

    public string Id => "CKV2_AZURE_33";

    public IReadOnlyList<Finding> Evaluate(ArmDeployment root)
    {
        var findings = new List<Finding>();
        foreach (var service in root.AllResources().Where(r => !r.IsExisting && r.Type == ResourceType))
        {
            var siblings = service.Deployment.Resources.Where(r => !r.IsExisting).ToList();
            var id = $"resourceId('{ResourceType}', {service.NameExpression})";
            var endpoint = siblings.FirstOrDefault(r => r.Type == PrivateEndpointType && Targets(r, id));
            if (endpoint is null)
            {
                findings.Add(new Finding(Id, service.ToString(), $"no private endpoint with group '{GroupId}' targets {id}"));
                continue;
            }

            var zoneGroup = siblings.FirstOrDefault(r => r.Type == DnsZoneGroupType && r.ParentNameExpression == endpoint.NameExpression);
            var configs = zoneGroup?.At("properties.privateDnsZoneConfigs") is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().ToList() : [];
            if (configs.Count == 0 || configs.Any(c => ArmTemplate.At(c, "properties.privateDnsZoneId") is null))
            {
                findings.Add(new Finding(Id, service.ToString(), $"private endpoint {endpoint.NameExpression} has no DNS zone group with a private DNS zone"));
            }
        }

        return findings;
    }

    private bool Targets(CompiledResource endpoint, string serviceId) =>
        endpoint.At("properties.privateLinkServiceConnections") is { ValueKind: JsonValueKind.Array } connections
        && connections.EnumerateArray().Any(connection =>
            ArmTemplate.At(connection, "properties.privateLinkServiceId") is { } target
            && endpoint.Deployment.Render(target) == serviceId
            && ArmTemplate.At(connection, "properties.groupIds") is { ValueKind: JsonValueKind.Array } groups
            && groups.EnumerateArray().Any(g => endpoint.Deployment.Resolve(g) == GroupId));
}
