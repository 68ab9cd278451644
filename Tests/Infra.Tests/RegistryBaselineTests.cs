using Infra.Tests.Rules;

namespace Infra.Tests;

/// <summary>
/// The container registry: no admin user (its shared-key login), no anonymous pull, private. A registry has
/// no minimum-TLS setting to check; the service itself accepts TLS 1.2 and later only.
/// </summary>
public sealed class RegistryBaselineTests
{
    private const string Registry = "Microsoft.ContainerRegistry/registries";

    [Fact]
    public void Azure_ACR_AdminUser__CKV_AZURE_137() =>
        InfraTemplate.Holds(SecurityBaseline.RegistryAdminUser, Registry);

    [Fact]
    public void Azure_ACR_AdminUser__CKV_AZURE_137__flags_the_admin_user() =>
        InfraTemplate.FlagsWrongMissingAndComputedValues(SecurityBaseline.RegistryAdminUser, "true");

    [Fact]
    public void Azure_ACR_AnonymousAccess__CKV_AZURE_138() =>
        InfraTemplate.Holds(SecurityBaseline.RegistryAnonymousAccess, Registry);

    [Fact]
    public void Azure_ACR_AnonymousAccess__CKV_AZURE_138__flags_anonymous_pull() =>
        InfraTemplate.FlagsWrongMissingAndComputedValues(SecurityBaseline.RegistryAnonymousAccess, "true");

    [Fact]
    public void Azure_ACR_Firewall__CKV_AZURE_139() =>
        InfraTemplate.Holds(SecurityBaseline.RegistryPublicNetworkAccess, Registry);

    [Fact]
    public void Azure_ACR_Firewall__CKV_AZURE_139__flags_a_public_registry() =>
        InfraTemplate.FlagsWrongMissingAndComputedValues(SecurityBaseline.RegistryPublicNetworkAccess, "'Enabled'");

    [Fact]
    public void Azure_ACR_PrivateEndpoint__CKV2_AZURE_33() =>
        InfraTemplate.Holds(SecurityBaseline.RegistryPrivateEndpoint, Registry);

    [Fact]
    public void Azure_ACR_PrivateEndpoint__CKV2_AZURE_33__flags_missing_endpoint_wrong_group_and_missing_zone_group()
    {
        var rule = SecurityBaseline.RegistryPrivateEndpoint;
        InfraTemplate.Flags(rule, PrivateEndpointSnippets.ServiceWithoutEndpoint(Registry), "no private endpoint");
        InfraTemplate.Flags(rule, PrivateEndpointSnippets.ServiceWithEndpoint(Registry, "registry_data", withZoneGroup: true), "no private endpoint");
        InfraTemplate.Flags(rule, PrivateEndpointSnippets.ServiceWithEndpoint(Registry, "registry", withZoneGroup: false), "no DNS zone group");
        InfraTemplate.Passes(rule, PrivateEndpointSnippets.ServiceWithEndpoint(Registry, "registry", withZoneGroup: true));
    }
}
