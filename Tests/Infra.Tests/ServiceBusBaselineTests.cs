using Infra.Tests.Rules;

namespace Infra.Tests;

/// <summary>Service Bus namespaces (primary and the opt-in secondary): Entra ID only, private, TLS 1.2.</summary>
public sealed class ServiceBusBaselineTests
{
    private const string Namespace = "Microsoft.ServiceBus/namespaces";

    [Fact]
    public Task Azure_ServiceBus_DisableLocalAuth__CKV_AZURE_203() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.ServiceBusDisableLocalAuth, Namespace);

    [Fact]
    public Task Azure_ServiceBus_DisableLocalAuth__CKV_AZURE_203__flags_a_namespace_that_accepts_SAS_keys() =>
        InfraTemplate.FlagsWrongMissingAndComputedValuesAsync(SecurityBaseline.ServiceBusDisableLocalAuth);

    [Fact]
    public Task CKV_AZURE_204_ServiceBus_public_network_access_disabled() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.ServiceBusPublicNetworkAccess, Namespace);

    [Fact]
    public Task CKV_AZURE_204_ServiceBus_public_network_access_disabled__flags_a_public_namespace() =>
        InfraTemplate.FlagsWrongMissingAndComputedValuesAsync(SecurityBaseline.ServiceBusPublicNetworkAccess);

    [Fact]
    public Task CKV_AZURE_204_ServiceBus_network_rule_set_keeps_public_access_disabled() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.ServiceBusNetworkRuleSetPublicNetworkAccess, Namespace + "/networkRuleSets");

    [Fact]
    public Task CKV_AZURE_204_ServiceBus_network_rule_set__flags_a_rule_set_that_reopens_the_namespace() =>
        InfraTemplate.FlagsWrongMissingAndComputedValuesAsync(SecurityBaseline.ServiceBusNetworkRuleSetPublicNetworkAccess);

    [Fact]
    public Task Azure_ServiceBus_MinTLS__CKV_AZURE_205() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.ServiceBusMinTls, Namespace);

    [Fact]
    public Task Azure_ServiceBus_MinTLS__CKV_AZURE_205__flags_TLS_1_0() =>
        InfraTemplate.FlagsWrongMissingAndComputedValuesAsync(SecurityBaseline.ServiceBusMinTls);

    [Fact]
    public Task Azure_ServiceBus_PrivateEndpoint__CKV2_AZURE_33() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.ServiceBusPrivateEndpoint, Namespace);

    [Fact]
    public Task Azure_ServiceBus_PrivateEndpoint__CKV2_AZURE_33__flags_missing_endpoint_wrong_group_and_missing_zone_group() =>
        InfraTemplate.FlagsMissingEndpointWrongGroupAndMissingZoneGroupAsync(SecurityBaseline.ServiceBusPrivateEndpoint);
}
