using Infra.Tests.Rules;

namespace Infra.Tests;

/// <summary>The Cosmos DB account: Entra ID only, private, TLS 1.2.</summary>
public sealed class CosmosBaselineTests
{
    private const string Account = "Microsoft.DocumentDB/databaseAccounts";

    [Fact]
    public void Azure_Cosmos_DisableLocalAuth__CKV_AZURE_140() =>
        InfraTemplate.Holds(SecurityBaseline.CosmosDisableLocalAuth, Account);

    [Fact]
    public void Azure_Cosmos_DisableLocalAuth__CKV_AZURE_140__flags_an_account_that_accepts_keys() =>
        InfraTemplate.FlagsWrongMissingAndComputedValues(SecurityBaseline.CosmosDisableLocalAuth, "false");

    [Fact]
    public void Azure_Cosmos_PublicAccess__CKV_AZURE_101() =>
        InfraTemplate.Holds(SecurityBaseline.CosmosPublicAccess, Account);

    [Fact]
    public void Azure_Cosmos_PublicAccess__CKV_AZURE_101__flags_a_public_account() =>
        InfraTemplate.FlagsWrongMissingAndComputedValues(SecurityBaseline.CosmosPublicAccess, "'Enabled'");

    [Fact]
    public void Azure_Cosmos_MinTLS() =>
        InfraTemplate.Holds(SecurityBaseline.CosmosMinTls, Account);

    [Fact]
    public void Azure_Cosmos_MinTLS__flags_TLS_1_0() =>
        InfraTemplate.FlagsWrongMissingAndComputedValues(SecurityBaseline.CosmosMinTls, "'Tls'");

    [Fact]
    public void Azure_Cosmos_PrivateEndpoint__CKV2_AZURE_33() =>
        InfraTemplate.Holds(SecurityBaseline.CosmosPrivateEndpoint, Account);

    [Fact]
    public void Azure_Cosmos_PrivateEndpoint__CKV2_AZURE_33__flags_missing_endpoint_wrong_group_and_missing_zone_group()
    {
        var rule = SecurityBaseline.CosmosPrivateEndpoint;
        InfraTemplate.Flags(rule, PrivateEndpointSnippets.ServiceWithoutEndpoint(Account), "no private endpoint");
        InfraTemplate.Flags(rule, PrivateEndpointSnippets.ServiceWithEndpoint(Account, "MongoDB", withZoneGroup: true), "no private endpoint");
        InfraTemplate.Flags(rule, PrivateEndpointSnippets.ServiceWithEndpoint(Account, "Sql", withZoneGroup: false), "no DNS zone group");
        InfraTemplate.Passes(rule, PrivateEndpointSnippets.ServiceWithEndpoint(Account, "Sql", withZoneGroup: true));
    }
}
