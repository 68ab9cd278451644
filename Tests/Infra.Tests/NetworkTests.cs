using Infra.Tests.Compiler;
using Infra.Tests.Bicep;
using Infra.Tests.Rules;

namespace Infra.Tests;

/// <summary>The hub/spoke network: NSGs, forced tunnelling through the firewall, delegation, private DNS.</summary>
public sealed class NetworkTests
{
    private static BicepFile Spoke => InfraTemplate.Project.File("network/spoke-network.module.bicep");

    [Fact]
    public void CKV2_AZURE_31_every_subnet_has_a_network_security_group() =>
        InfraTemplate.Holds(new SubnetNsgRule(), "Microsoft.Network/virtualNetworks");

    [Fact]
    public void CKV2_AZURE_31__flags_a_subnet_without_a_network_security_group()
    {
        const string snippet = """
            resource network 'Microsoft.Network/virtualNetworks@2024-05-01' = {
              name: 'vnet'
              properties: {
                subnets: [
                  {
                    name: 'AzureFirewallSubnet'
                    properties: {
                      addressPrefix: '10.0.0.0/26'
                    }
                  }
                  {
                    name: 'snet-apps'
                    properties: {
                      addressPrefix: '10.0.1.0/24'
                    }
                  }
                ]
              }
            }
            """;

        var findings = new SubnetNsgRule().Evaluate(BicepProject.FromSource(snippet));

        Assert.Equal("subnet snet-apps has no network security group", Assert.Single(findings).Message);
    }

    [Fact]
    public void The_apps_subnet_is_delegated_to_Container_Apps_and_sends_all_egress_to_the_firewall()
    {
        var network = Spoke.Resources.Single(r => r.Type == "Microsoft.Network/virtualNetworks");
        var apps = Assert.IsType<BicepArray>(network.At("properties.subnets")).Items.Single(s => Spoke.ResolveString(s.At("name")) == "snet-container-apps");
        var delegation = Assert.Single(Assert.IsType<BicepArray>(apps.At("properties.delegations")).Items);
        var routeTableSymbol = Assert.IsType<BicepExpression>(apps.At("properties.routeTable.id")).Text.Split('.')[0];
        var routeTable = Spoke.FindResource(routeTableSymbol);
        var route = Assert.Single(Assert.IsType<BicepArray>(routeTable!.At("properties.routes")).Items);

        Assert.Equal("Microsoft.App/environments", Spoke.ResolveString(delegation.At("properties.serviceName")));
        Assert.Equal("Microsoft.Network/routeTables", routeTable.Type);
        Assert.Equal("0.0.0.0/0", Spoke.ResolveString(route.At("properties.addressPrefix")));
        Assert.Equal("VirtualAppliance", Spoke.ResolveString(route.At("properties.nextHopType")));
        Assert.Equal("firewallPrivateIpAddress", Assert.IsType<BicepExpression>(route.At("properties.nextHopIpAddress")).Text);
    }

    [Fact]
    public void The_firewall_policy_only_allows_outbound_traffic_from_the_apps_subnet()
    {
        var firewall = InfraTemplate.Project.File("network/firewall.module.bicep");
        var group = firewall.Resources.Single(r => r.Type == "Microsoft.Network/firewallPolicies/ruleCollectionGroups");
        var collections = Assert.IsType<BicepArray>(group.At("properties.ruleCollections")).Items;
        var rules = collections.SelectMany(c => Assert.IsType<BicepArray>(c.At("rules")).Items).ToList();

        Assert.All(collections, c => Assert.Equal("Allow", firewall.ResolveString(c.At("action.type"))));
        Assert.All(collections, c => Assert.Equal("FirewallPolicyFilterRuleCollection", firewall.ResolveString(c.At("ruleCollectionType"))));
        Assert.NotEmpty(rules);
        Assert.All(rules, r => Assert.Equal("ApplicationRule", firewall.ResolveString(r.At("ruleType"))));
        Assert.All(rules, r => Assert.Equal("containerAppsSubnetPrefix", Assert.IsType<BicepExpression>(Assert.Single(Assert.IsType<BicepArray>(r.At("sourceAddresses")).Items)).Text));
        Assert.DoesNotContain(rules.SelectMany(r => Assert.IsType<BicepArray>(r.At("targetFqdns")).Items), f => firewall.ResolveString(f) == "*");
    }

    [Fact]
    public void Hub_and_spoke_are_peered_both_ways()
    {
        var main = InfraTemplate.Project.File("main.bicep");
        var peerings = main.Modules.Where(m => m.Path == "network/peering.module.bicep")
            .Select(m => (Local: (m.Body.At("params.localVirtualNetworkName") as BicepExpression)?.Text, Remote: (m.Body.At("params.remoteVirtualNetworkId") as BicepExpression)?.Text))
            .ToList();

        Assert.Contains(("hubNetwork.outputs.name", "spokeNetwork.outputs.id"), peerings);
        Assert.Contains(("spokeNetwork.outputs.name", "hubNetwork.outputs.id"), peerings);
    }

    [Fact]
    public async Task Private_DNS_zones_exist_for_every_private_link_service_and_link_to_both_networks()
    {
        var zones = InfraTemplate.Project.File("network/private-dns-zones.module.bicep");
        // From the compiled template: the names follow the cloud (environment()), resolved here for Azure's public cloud.
        var compiledZones = (await CompiledInfra.Instance).Root.Module("private-dns-zones");
        var names = compiledZones.Template.GetProperty("variables").GetProperty("zoneNames").EnumerateArray()
            .Select(compiledZones.Resolve).ToList();
        var zoneResource = zones.Resources.Single(r => r.Type == "Microsoft.Network/privateDnsZones");
        var links = InfraTemplate.Project.File("network/private-dns-zone-links.module.bicep").Resources
            .Single(r => r.Type == "Microsoft.Network/privateDnsZones/virtualNetworkLinks");
        var main = InfraTemplate.Project.File("main.bicep");
        var linkedNetworks = Assert.IsType<BicepArray>(main.Modules.Single(m => m.Symbol == "privateDnsZones").Body.At("params.virtualNetworkIds")).Items
            .Select(v => Assert.IsType<BicepExpression>(v).Text);

        Assert.Equal(
            ["privatelink.azurecr.io", "privatelink.blob.core.windows.net", "privatelink.documents.azure.com", "privatelink.servicebus.windows.net"],
            names.Order(StringComparer.Ordinal));
        Assert.Equal("zoneName in zoneNames", Assert.IsType<BicepLoop>(zoneResource.Body).Header);
        Assert.Equal("virtualNetworkId in virtualNetworkIds", Assert.IsType<BicepLoop>(links.Body).Header);
        Assert.Equal(["hubNetwork.outputs.id", "spokeNetwork.outputs.id"], linkedNetworks);
    }

    [Fact]
    public void The_Container_Apps_environment_is_internal_in_the_spoke_with_workload_profiles()
    {
        var resources = InfraTemplate.Project.File("resources.bicep");
        var environment = resources.Resources.Single(r => r.Type == "Microsoft.App/managedEnvironments");

        Assert.Equal("true", Assert.IsType<BicepLiteral>(environment.At("properties.vnetConfiguration.internal")).Text);
        Assert.Equal("containerAppsSubnetId", Assert.IsType<BicepExpression>(environment.At("properties.vnetConfiguration.infrastructureSubnetId")).Text);
        Assert.NotEmpty(Assert.IsType<BicepArray>(environment.At("properties.workloadProfiles")).Items);
    }

    [Fact]
    public void The_producer_has_internal_ingress_and_the_consumer_none()
    {
        var producer = InfraTemplate.Project.File("producer/producer.module.bicep").Resources.Single(r => r.Type == "Microsoft.App/containerApps" && !r.IsExisting);
        var consumer = InfraTemplate.Project.File("consumer/consumer.module.bicep").Resources.Single(r => r.Type == "Microsoft.App/containerApps" && !r.IsExisting);
        var main = InfraTemplate.Project.File("main.bicep");
        var optIn = main.Parameters.Single(p => p.Name == "producerReachableFromVirtualNetwork");

        // external follows an opt-in that defaults to false; even when true the environment is internal.
        Assert.Equal("reachableFromVirtualNetwork", Assert.IsType<BicepExpression>(producer.At("properties.configuration.ingress.external")).Text);
        Assert.Equal("false", Assert.IsType<BicepLiteral>(optIn.DefaultValue).Text);
        Assert.Null(consumer.At("properties.configuration.ingress"));
    }
}
