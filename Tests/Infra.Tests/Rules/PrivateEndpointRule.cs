using Infra.Tests.Bicep;

namespace Infra.Tests.Rules;

/// <summary>
/// Mirrors Checkov CKV2_AZURE_33 ("storage account is configured with private endpoint"), applied to every
/// private-link service here (Azure Policy has the same audit built in for Service Bus, Cosmos DB and
/// registries): each declared resource of the type needs, in the same file, a private endpoint whose
/// connection targets <c>&lt;symbol&gt;.id</c> with the service's group id, and a private DNS zone group on
/// that endpoint so the service's name resolves to the private address.
/// </summary>
public sealed record PrivateEndpointRule(string ResourceType, string GroupId) : IInfraRule
{
    private const string PrivateEndpointType = "Microsoft.Network/privateEndpoints";
    private const string DnsZoneGroupType = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups";

    public string Id => "CKV2_AZURE_33";

    public IReadOnlyList<Finding> Evaluate(BicepProject project)
    {
        var findings = new List<Finding>();
        foreach (var (file, resource) in project.DeclaredResourcesOfType(ResourceType))
        {
            var location = $"{file.Path}:{resource.Line} {resource.Symbol}";
            var endpoint = file.Resources.FirstOrDefault(r => !r.IsExisting && r.Type == PrivateEndpointType && Targets(r, resource.Symbol));
            if (endpoint is null)
            {
                findings.Add(new Finding(Id, location, $"no private endpoint with group '{GroupId}' targets {resource.Symbol}.id"));
                continue;
            }

            var zoneGroup = file.Resources.FirstOrDefault(r =>
                !r.IsExisting && r.Type == DnsZoneGroupType && (r.At("parent") as BicepExpression)?.Text == endpoint.Symbol);
            var configs = (zoneGroup?.At("properties.privateDnsZoneConfigs") as BicepArray)?.Items ?? [];
            if (configs.Count == 0 || configs.Any(c => c.At("properties.privateDnsZoneId") is null))
            {
                findings.Add(new Finding(Id, location, $"private endpoint {endpoint.Symbol} has no DNS zone group with a private DNS zone"));
            }
        }

        return findings;
    }

    private bool Targets(ResourceDeclaration endpoint, string symbol)
    {
        var connections = (endpoint.At("properties.privateLinkServiceConnections") as BicepArray)?.Items ?? [];
        return connections.Any(connection =>
            (connection.At("properties.privateLinkServiceId") as BicepExpression)?.Text == $"{symbol}.id"
            && ((connection.At("properties.groupIds") as BicepArray)?.Items ?? []).Any(g => (g as BicepString)?.Literal == GroupId));
    }
}
