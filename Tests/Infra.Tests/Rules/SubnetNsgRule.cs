using System.Text.Json;
using Infra.Tests.Compiler;

namespace Infra.Tests.Rules;

/// <summary>
/// Mirrors Checkov CKV2_AZURE_31 ("VNET subnet is configured with a Network Security Group"): every subnet
/// declared inline in a virtual network has an NSG — except AzureFirewallSubnet, where Azure does not
/// support one.
/// </summary>
public sealed class SubnetNsgRule : IInfraRule
{
    private static readonly string[] SubnetsWithoutNsgSupport = ["AzureFirewallSubnet"];

    public string Id => "CKV2_AZURE_31";

    public IReadOnlyList<Finding> Evaluate(ArmDeployment root)
    {
        var findings = new List<Finding>();
        foreach (var network in root.AllResources().Where(r => !r.IsExisting && r.Type == "Microsoft.Network/virtualNetworks"))
        {
            var subnets = network.At("properties.subnets") is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];
            foreach (var subnet in subnets)
            {
                var name = network.Deployment.Resolve(subnet.GetProperty("name")) ?? "(computed name)";
                if (!SubnetsWithoutNsgSupport.Contains(name) && ArmTemplate.At(subnet, "properties.networkSecurityGroup.id") is null)
                {
                    findings.Add(new Finding(Id, network.ToString(), $"subnet {name} has no network security group"));
                }
            }
        }

        return findings;
    }
}
