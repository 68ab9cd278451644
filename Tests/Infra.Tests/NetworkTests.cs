using System.Text.Json;
using Infra.Tests.Compiler;
using Infra.Tests.Rules;

namespace Infra.Tests;

/// <summary>
/// The hub/spoke network, read from the compiled template: NSGs, forced tunnelling through the firewall, delegation,
/// peering, private DNS, internal ingress.
/// </summary>
public sealed class NetworkTests
{
    private static async Task<ArmDeployment> ModuleAsync(string name) => (await CompiledInfra.Instance).Root.Module(name);

    [Fact]
    public Task CKV2_AZURE_31_every_subnet_has_a_network_security_group() =>
        InfraTemplate.HoldsAsync(new SubnetNsgRule(), "Microsoft.Network/virtualNetworks");

    [Fact]
    public Task CKV2_AZURE_31__flags_a_subnet_without_a_network_security_group() =>
        InfraTemplate.FlagsAsync(new SubnetNsgRule(), """
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
            """, "subnet snet-apps has no network security group");

    [Fact]
    public async Task The_apps_subnet_is_delegated_to_Container_Apps_and_sends_all_egress_to_the_firewall()
    {
        var spoke = await ModuleAsync("spoke-network");
        var network = spoke.Resources.Single(r => r.Type == "Microsoft.Network/virtualNetworks");
        var apps = network.At("properties.subnets")!.Value.EnumerateArray().Single(s => spoke.Resolve(s.GetProperty("name")) == "snet-container-apps");
        var delegation = Assert.Single(ArmTemplate.At(apps, "properties.delegations")!.Value.EnumerateArray());
        var routeTableId = spoke.Render(ArmTemplate.At(apps, "properties.routeTable.id")!.Value);
        var routeTable = spoke.Resources.Single(r => r.Type == "Microsoft.Network/routeTables");
        var route = Assert.Single(routeTable.At("properties.routes")!.Value.EnumerateArray());

        Assert.Equal("Microsoft.App/environments", spoke.Resolve(ArmTemplate.At(delegation, "properties.serviceName")!.Value));
        Assert.Equal($"resourceId('Microsoft.Network/routeTables', {routeTable.NameExpression})", routeTableId);
        Assert.Equal("0.0.0.0/0", spoke.Resolve(ArmTemplate.At(route, "properties.addressPrefix")!.Value));
        Assert.Equal("VirtualAppliance", spoke.Resolve(ArmTemplate.At(route, "properties.nextHopType")!.Value));
        Assert.Equal(["firewall.privateIpAddress"], ArmDeployment.OutputsReadBy(spoke.Render(ArmTemplate.At(route, "properties.nextHopIpAddress")!.Value)));
    }

    [Fact]
    public async Task The_firewall_policy_only_allows_outbound_traffic_from_the_apps_subnet()
    {
        var (firewall, spoke) = (await ModuleAsync("firewall"), await ModuleAsync("spoke-network"));
        var group = firewall.Resources.Single(r => r.Type == "Microsoft.Network/firewallPolicies/ruleCollectionGroups");
        var collections = group.At("properties.ruleCollections")!.Value.EnumerateArray().ToList();
        var rules = collections.SelectMany(c => c.GetProperty("rules").EnumerateArray()).ToList();
        var fqdns = rules.SelectMany(r => r.GetProperty("targetFqdns").EnumerateArray()).Select(f => firewall.Resolve(f)).ToList();
        var appsSubnet = spoke.Resources.Single(r => r.Type == "Microsoft.Network/virtualNetworks").At("properties.subnets")!.Value
            .EnumerateArray().Single(s => spoke.Resolve(s.GetProperty("name")) == "snet-container-apps");
        var appsPrefix = spoke.Resolve(ArmTemplate.At(appsSubnet, "properties.addressPrefix")!.Value);

        Assert.All(collections, c => Assert.Equal("Allow", firewall.Resolve(ArmTemplate.At(c, "action.type")!.Value)));
        Assert.All(collections, c => Assert.Equal("FirewallPolicyFilterRuleCollection", firewall.Resolve(c.GetProperty("ruleCollectionType"))));
        Assert.NotEmpty(rules);
        Assert.All(rules, r => Assert.Equal("ApplicationRule", firewall.Resolve(r.GetProperty("ruleType"))));
        Assert.NotNull(appsPrefix);
        Assert.All(rules, r => Assert.Equal(appsPrefix, firewall.Resolve(Assert.Single(r.GetProperty("sourceAddresses").EnumerateArray()))));
        Assert.DoesNotContain("*", fqdns);
        Assert.DoesNotContain(null, fqdns);
        Assert.Contains("login.microsoftonline.com", fqdns);
    }

    [Fact]
    public async Task Hub_and_spoke_are_peered_both_ways()
    {
        var root = (await CompiledInfra.Instance).Root;
        string[] Wiring(string peering)
        {
            var link = Assert.Single(root.Module(peering).Resources, r => r.Type == "Microsoft.Network/virtualNetworks/virtualNetworkPeerings");
            return
            [
                .. ArmDeployment.OutputsReadBy(link.ParentNameExpression ?? ""),
                .. ArmDeployment.OutputsReadBy(link.Deployment.Render(link.At("properties.remoteVirtualNetwork.id")!.Value)),
            ];
        }

        Assert.Equal(["hub-network.name", "spoke-network.id"], Wiring("hub-to-spoke-peering"));
        Assert.Equal(["spoke-network.name", "hub-network.id"], Wiring("spoke-to-hub-peering"));
    }

    [Fact]
    public async Task Private_DNS_zones_exist_for_every_private_link_service_and_link_to_both_networks()
    {
        var root = (await CompiledInfra.Instance).Root;
        var zones = root.Module("private-dns-zones");
        // The names follow the cloud (environment()), resolved here for Azure's public cloud.
        var names = zones.Template.GetProperty("variables").GetProperty("zoneNames").EnumerateArray().Select(zones.Resolve).ToList();
        var zoneResource = zones.Resources.Single(r => r.Type == "Microsoft.Network/privateDnsZones");
        var linksPerZone = zones.Resources.Single(r => r.Type == "Microsoft.Resources/deployments");
        var links = Assert.Single(zones.Modules).Resources.Single(r => r.Type == "Microsoft.Network/privateDnsZones/virtualNetworkLinks");
        var linkedNetworks = ArmTemplate.At((await CompiledInfra.Instance).Deployment("private-dns-zones"), "properties.parameters.virtualNetworkIds.value")!.Value
            .EnumerateArray().SelectMany(id => ArmDeployment.OutputsReadBy(root.Render(id)));

        Assert.Equal(
            ["privatelink.azurecr.io", "privatelink.blob.core.windows.net", "privatelink.documents.azure.com", "privatelink.servicebus.windows.net"],
            names.Order(StringComparer.Ordinal));
        Assert.Equal("[length(variables('zoneNames'))]", zoneResource.At("copy.count")!.Value.GetString());
        Assert.Equal("[length(variables('zoneNames'))]", linksPerZone.At("copy.count")!.Value.GetString());
        Assert.Equal("[length(parameters('virtualNetworkIds'))]", links.At("copy.count")!.Value.GetString());
        Assert.Equal(["hub-network.id", "spoke-network.id"], linkedNetworks);
    }

    [Fact]
    public async Task The_Container_Apps_environment_is_internal_in_the_spoke_with_workload_profiles()
    {
        var resources = await ModuleAsync("resources");
        var environment = resources.Resources.Single(r => r.Type == "Microsoft.App/managedEnvironments");

        Assert.Equal("true", environment.Resolve("properties.vnetConfiguration.internal"));
        Assert.Equal(["spoke-network.containerAppsSubnetId"], ArmDeployment.OutputsReadBy(resources.Render(environment.At("properties.vnetConfiguration.infrastructureSubnetId")!.Value)));
        Assert.NotEmpty(environment.At("properties.workloadProfiles")!.Value.EnumerateArray());
    }

    [Fact]
    public async Task The_producer_has_internal_ingress_and_the_consumer_none()
    {
        var root = (await CompiledInfra.Instance).Root;
        var producer = root.Module("producer").Resources.Single(r => r.Type == "Microsoft.App/containerApps" && !r.IsExisting);
        var consumer = root.Module("consumer").Resources.Single(r => r.Type == "Microsoft.App/containerApps" && !r.IsExisting);
        var optIn = root.Template.GetProperty("parameters").GetProperty("producerReachableFromVirtualNetwork");

        // external follows an opt-in of the deployment that defaults to false; even when true the environment is internal.
        Assert.Equal("parameters('producerReachableFromVirtualNetwork')", producer.Deployment.Render(producer.At("properties.configuration.ingress.external")!.Value));
        Assert.Equal(JsonValueKind.False, optIn.GetProperty("defaultValue").ValueKind);
        Assert.Null(consumer.At("properties.configuration.ingress"));
    }
}
