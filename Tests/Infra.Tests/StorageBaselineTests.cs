using Infra.Tests.Rules;

namespace Infra.Tests;

/// <summary>The storage account and its blob containers: Entra ID only, no anonymous access, private, TLS 1.2, HTTPS.</summary>
public sealed class StorageBaselineTests
{
    private const string Account = "Microsoft.Storage/storageAccounts";

    [Fact]
    public Task Azure_Storage_LocalAuth__CKV2_AZURE_40() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.StorageLocalAuth, Account);

    [Fact]
    public Task Azure_Storage_LocalAuth__CKV2_AZURE_40__flags_shared_key_access() =>
        InfraTemplate.FlagsWrongMissingAndComputedValuesAsync(SecurityBaseline.StorageLocalAuth);

    [Fact]
    public Task Azure_Storage_BlobPublicAccess__CKV_AZURE_190() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.StorageBlobPublicAccess, Account);

    [Fact]
    public Task Azure_Storage_BlobPublicAccess__CKV_AZURE_190__flags_anonymous_blob_access() =>
        InfraTemplate.FlagsWrongMissingAndComputedValuesAsync(SecurityBaseline.StorageBlobPublicAccess);

    [Fact]
    public Task CKV_AZURE_59_Storage_public_network_access_disabled() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.StoragePublicNetworkAccess, Account);

    [Fact]
    public Task CKV_AZURE_59_Storage_public_network_access_disabled__flags_a_public_account() =>
        InfraTemplate.FlagsWrongMissingAndComputedValuesAsync(SecurityBaseline.StoragePublicNetworkAccess);

    [Fact]
    public Task Azure_Storage_MinTLS__CKV_AZURE_44() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.StorageMinTls, Account);

    [Fact]
    public Task Azure_Storage_MinTLS__CKV_AZURE_44__flags_TLS_1_1() =>
        InfraTemplate.FlagsWrongMissingAndComputedValuesAsync(SecurityBaseline.StorageMinTls);

    [Fact]
    public Task Azure_Storage_SecureTransfer__CKV_AZURE_3() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.StorageSecureTransfer, Account);

    [Fact]
    public Task Azure_Storage_SecureTransfer__CKV_AZURE_3__flags_plain_HTTP() =>
        InfraTemplate.FlagsWrongMissingAndComputedValuesAsync(SecurityBaseline.StorageSecureTransfer);

    [Fact]
    public Task CKV_AZURE_34_blob_containers_are_private() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.StorageContainerPrivateAccess, Account + "/blobServices/containers");

    [Fact]
    public Task CKV_AZURE_34_blob_containers_are_private__flags_a_public_container() =>
        InfraTemplate.FlagsWrongMissingAndComputedValuesAsync(SecurityBaseline.StorageContainerPrivateAccess);

    [Fact]
    public Task Azure_Storage_PrivateEndpoint__CKV2_AZURE_33() =>
        InfraTemplate.HoldsAsync(SecurityBaseline.StoragePrivateEndpoint, Account);

    [Fact]
    public Task Azure_Storage_PrivateEndpoint__CKV2_AZURE_33__flags_missing_endpoint_wrong_group_and_missing_zone_group() =>
        InfraTemplate.FlagsMissingEndpointWrongGroupAndMissingZoneGroupAsync(SecurityBaseline.StoragePrivateEndpoint);
}
