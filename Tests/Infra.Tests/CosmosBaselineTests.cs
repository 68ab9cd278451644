using Infra.Tests.Rules;

namespace Infra.Tests;

/// <summary>The Cosmos DB account: Entra ID only, private, TLS 1.2.</summary>
public sealed class CosmosBaselineTests
{
    private const string Account = "Microsoft.DocumentDB/databaseAccounts";

    [Fact]
    public Task Azure_Cosmos_DisableLocalAuth__CKV_AZURE_140() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.CosmosDisableLocalAuth, Account);

    [Fact]
    public Task Azure_Cosmos_DisableLocalAuth__CKV_AZURE_140__flags_an_account_that_accepts_keys() =>
        InfraTemplate.FlagsWrongMissingAndComputedValuesAsync(SecurityBaseline.CosmosDisableLocalAuth);

    [Fact]
    public Task Azure_Cosmos_PublicAccess__CKV_AZURE_101() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.CosmosPublicAccess, Account);

    [Fact]
    public Task Azure_Cosmos_PublicAccess__CKV_AZURE_101__flags_a_public_account() =>
        InfraTemplate.FlagsWrongMissingAndComputedValuesAsync(SecurityBaseline.CosmosPublicAccess);

    [Fact]
    public Task Azure_Cosmos_MinTLS() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.CosmosMinTls, Account);

    [Fact]
    public Task Azure_Cosmos_MinTLS__flags_TLS_1_0() =>
        InfraTemplate.FlagsWrongMissingAndComputedValuesAsync(SecurityBaseline.CosmosMinTls);

    [Fact]
    public Task Azure_Cosmos_PrivateEndpoint__CKV2_AZURE_33() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.CosmosPrivateEndpoint, Account);

    [Fact]
    public Task Azure_Cosmos_PrivateEndpoint__CKV2_AZURE_33__flags_missing_endpoint_wrong_group_and_missing_zone_group() =>
        InfraTemplate.FlagsMissingEndpointWrongGroupAndMissingZoneGroupAsync(SecurityBaseline.CosmosPrivateEndpoint);
}
