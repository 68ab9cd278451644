using Infra.Tests.Bicep;

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

    public IReadOnlyList<Finding> Evaluate(BicepProject project)
    {
        var findings = new List<Finding>();
        foreach (var (file, network) in project.DeclaredResourcesOfType("Microsoft.Network/virtualNetworks"))
        {
            var subnets = (network.At("properties.subnets") as BicepArray)?.Items ?? [];
            foreach (var subnet in subnets)
            {
                var name = file.ResolveString(subnet.At("name")) ?? "(computed name)";
                if (!SubnetsWithoutNsgSupport.Contains(name) && subnet.At("properties.networkSecurityGroup.id") is null)
                {
                    findings.Add(new Finding(Id, $"{file.Path}:{network.Line} {network.Symbol}", $"subnet {name} has no network security group"));
                }
            }
        }

        return findings;
    }
}
