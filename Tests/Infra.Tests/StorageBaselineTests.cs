using Infra.Tests.Rules;

namespace Infra.Tests;

/// <summary>The storage account and its blob containers: Entra ID only, no anonymous access, private, TLS 1.2, HTTPS.</summary>
public sealed class StorageBaselineTests
{
    private const string Account = "Microsoft.Storage/storageAccounts";

    [Fact]
    public void Azure_Storage_LocalAuth__CKV2_AZURE_40() =>
        InfraTemplate.Holds(SecurityBaseline.StorageLocalAuth, Account);

    [Fact]
    public void Azure_Storage_LocalAuth__CKV2_AZURE_40__flags_shared_key_access() =>
        InfraTemplate.FlagsWrongMissingAndComputedValues(SecurityBaseline.StorageLocalAuth, "true");

    [Fact]
    public void Azure_Storage_BlobPublicAccess__CKV_AZURE_190() =>
        InfraTemplate.Holds(SecurityBaseline.StorageBlobPublicAccess, Account);

    [Fact]
    public void Azure_Storage_BlobPublicAccess__CKV_AZURE_190__flags_anonymous_blob_access() =>
        InfraTemplate.FlagsWrongMissingAndComputedValues(SecurityBaseline.StorageBlobPublicAccess, "true");

    [Fact]
    public void CKV_AZURE_59_Storage_public_network_access_disabled() =>
        InfraTemplate.Holds(SecurityBaseline.StoragePublicNetworkAccess, Account);

    [Fact]
    public void CKV_AZURE_59_Storage_public_network_access_disabled__flags_a_public_account() =>
        InfraTemplate.FlagsWrongMissingAndComputedValues(SecurityBaseline.StoragePublicNetworkAccess, "'Enabled'");

    [Fact]
    public void Azure_Storage_MinTLS__CKV_AZURE_44() =>
        InfraTemplate.Holds(SecurityBaseline.StorageMinTls, Account);

    [Fact]
    public void Azure_Storage_MinTLS__CKV_AZURE_44__flags_TLS_1_1() =>
        InfraTemplate.FlagsWrongMissingAndComputedValues(SecurityBaseline.StorageMinTls, "'TLS1_1'");

    [Fact]
    public void Azure_Storage_SecureTransfer__CKV_AZURE_3() =>
        InfraTemplate.Holds(SecurityBaseline.StorageSecureTransfer, Account);

    [Fact]
    public void Azure_Storage_SecureTransfer__CKV_AZURE_3__flags_plain_HTTP() =>
        InfraTemplate.FlagsWrongMissingAndComputedValues(SecurityBaseline.StorageSecureTransfer, "false");

    [Fact]
    public void CKV_AZURE_34_blob_containers_are_private() =>
        InfraTemplate.Holds(SecurityBaseline.StorageContainerPrivateAccess, Account + "/blobServices/containers");

    [Fact]
    public void CKV_AZURE_34_blob_containers_are_private__flags_a_public_container() =>
        InfraTemplate.FlagsWrongMissingAndComputedValues(SecurityBaseline.StorageContainerPrivateAccess, "'Blob'");

    [Fact]
    public void Azure_Storage_PrivateEndpoint__CKV2_AZURE_33() =>
        InfraTemplate.Holds(SecurityBaseline.StoragePrivateEndpoint, Account);

    [Fact]
    public void Azure_Storage_PrivateEndpoint__CKV2_AZURE_33__flags_missing_endpoint_wrong_group_and_missing_zone_group()
    {
        var rule = SecurityBaseline.StoragePrivateEndpoint;
        InfraTemplate.Flags(rule, PrivateEndpointSnippets.ServiceWithoutEndpoint(Account), "no private endpoint");
        InfraTemplate.Flags(rule, PrivateEndpointSnippets.ServiceWithEndpoint(Account, "file", withZoneGroup: true), "no private endpoint");
        InfraTemplate.Flags(rule, PrivateEndpointSnippets.ServiceWithEndpoint(Account, "blob", withZoneGroup: false), "no DNS zone group");
        InfraTemplate.Passes(rule, PrivateEndpointSnippets.ServiceWithEndpoint(Account, "blob", withZoneGroup: true));
    }
}
