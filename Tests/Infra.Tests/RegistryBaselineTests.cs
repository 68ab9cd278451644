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
    public Task Azure_ACR_AdminUser__CKV_AZURE_137() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.RegistryAdminUser, Registry);

    [Fact]
    public Task Azure_ACR_AdminUser__CKV_AZURE_137__flags_the_admin_user() =>
        InfraTemplate.FlagsWrongMissingAndComputedValuesAsync(SecurityBaseline.RegistryAdminUser);

    [Fact]
    public Task Azure_ACR_AnonymousAccess__CKV_AZURE_138() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.RegistryAnonymousAccess, Registry);

    [Fact]
    public Task Azure_ACR_AnonymousAccess__CKV_AZURE_138__flags_anonymous_pull() =>
        InfraTemplate.FlagsWrongMissingAndComputedValuesAsync(SecurityBaseline.RegistryAnonymousAccess);

    [Fact]
    public Task Azure_ACR_Firewall__CKV_AZURE_139() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.RegistryPublicNetworkAccess, Registry);

    [Fact]
    public Task Azure_ACR_Firewall__CKV_AZURE_139__flags_a_public_registry() =>
        InfraTemplate.FlagsWrongMissingAndComputedValuesAsync(SecurityBaseline.RegistryPublicNetworkAccess);

    [Fact]
    public Task Azure_ACR_PrivateEndpoint__CKV2_AZURE_33() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.RegistryPrivateEndpoint, Registry);

    [Fact]
    public Task Azure_ACR_PrivateEndpoint__CKV2_AZURE_33__flags_missing_endpoint_wrong_group_and_missing_zone_group() =>
        InfraTemplate.FlagsMissingEndpointWrongGroupAndMissingZoneGroupAsync(SecurityBaseline.RegistryPrivateEndpoint);
}
