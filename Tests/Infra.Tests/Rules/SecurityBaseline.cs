namespace Infra.Tests.Rules;

/// <summary>
/// The property rules for the data services and the registry, each named after the PSRule for Azure rule
/// and/or Checkov check it mirrors (Checkov ids from its ARM/Terraform Azure checks).
/// </summary>
public static class SecurityBaseline
{
    private const string ServiceBusNamespace = "Microsoft.ServiceBus/namespaces";
    private const string CosmosAccount = "Microsoft.DocumentDB/databaseAccounts";
    private const string StorageAccount = "Microsoft.Storage/storageAccounts";
    private const string Registry = "Microsoft.ContainerRegistry/registries";

    public static readonly PropertyRule ServiceBusDisableLocalAuth =
        new("Azure.ServiceBus.DisableLocalAuth / CKV_AZURE_203", ServiceBusNamespace, "properties.disableLocalAuth", ["true"], RejectedExample: "false");

    public static readonly PropertyRule ServiceBusPublicNetworkAccess =
        new("CKV_AZURE_204", ServiceBusNamespace, "properties.publicNetworkAccess", ["Disabled"], RejectedExample: "'Enabled'");

    // The namespace's network rule set carries its own publicNetworkAccess; it must not reopen the namespace.
    public static readonly PropertyRule ServiceBusNetworkRuleSetPublicNetworkAccess =
        new("CKV_AZURE_204", ServiceBusNamespace + "/networkRuleSets", "properties.publicNetworkAccess", ["Disabled"], RejectedExample: "'Enabled'");

    public static readonly PropertyRule ServiceBusMinTls =
        new("Azure.ServiceBus.MinTLS / CKV_AZURE_205", ServiceBusNamespace, "properties.minimumTlsVersion", ["1.2", "1.3"], RejectedExample: "'1.0'");

    public static readonly PropertyRule CosmosDisableLocalAuth =
        new("Azure.Cosmos.DisableLocalAuth / CKV_AZURE_140", CosmosAccount, "properties.disableLocalAuth", ["true"], RejectedExample: "false");

    public static readonly PropertyRule CosmosPublicAccess =
        new("Azure.Cosmos.PublicAccess / CKV_AZURE_101", CosmosAccount, "properties.publicNetworkAccess", ["Disabled"], RejectedExample: "'Enabled'");

    public static readonly PropertyRule CosmosMinTls =
        new("Azure.Cosmos.MinTLS", CosmosAccount, "properties.minimalTlsVersion", ["Tls12", "Tls13"], RejectedExample: "'Tls'");

    public static readonly PropertyRule StorageLocalAuth =
        new("Azure.Storage.LocalAuth / CKV2_AZURE_40", StorageAccount, "properties.allowSharedKeyAccess", ["false"], RejectedExample: "true");

    public static readonly PropertyRule StorageBlobPublicAccess =
        new("Azure.Storage.BlobPublicAccess / CKV_AZURE_190", StorageAccount, "properties.allowBlobPublicAccess", ["false"], RejectedExample: "true");

    public static readonly PropertyRule StoragePublicNetworkAccess =
        new("CKV_AZURE_59", StorageAccount, "properties.publicNetworkAccess", ["Disabled"], RejectedExample: "'Enabled'");

    public static readonly PropertyRule StorageMinTls =
        new("Azure.Storage.MinTLS / CKV_AZURE_44", StorageAccount, "properties.minimumTlsVersion", ["TLS1_2", "TLS1_3"], RejectedExample: "'TLS1_1'");

    public static readonly PropertyRule StorageSecureTransfer =
        new("Azure.Storage.SecureTransfer / CKV_AZURE_3", StorageAccount, "properties.supportsHttpsTrafficOnly", ["true"], RejectedExample: "false");

    public static readonly PropertyRule StorageContainerPrivateAccess =
        new("CKV_AZURE_34", StorageAccount + "/blobServices/containers", "properties.publicAccess", ["None"], RejectedExample: "'Blob'");

    // A registry has no local-auth switch of its own: the admin user is its shared-key login.
    public static readonly PropertyRule RegistryAdminUser =
        new("Azure.ACR.AdminUser / CKV_AZURE_137", Registry, "properties.adminUserEnabled", ["false"], RejectedExample: "true");

    public static readonly PropertyRule RegistryAnonymousAccess =
        new("Azure.ACR.AnonymousAccess / CKV_AZURE_138", Registry, "properties.anonymousPullEnabled", ["false"], RejectedExample: "true");

    // Azure.ACR.Firewall also accepts a Deny firewall; the stricter Disabled is required here.
    public static readonly PropertyRule RegistryPublicNetworkAccess =
        new("Azure.ACR.Firewall / CKV_AZURE_139", Registry, "properties.publicNetworkAccess", ["Disabled"], RejectedExample: "'Enabled'");

    /// <summary>Every property rule above.</summary>
    public static IReadOnlyList<PropertyRule> PropertyRules => RulesOfType<PropertyRule>();

    /// <summary>Every private endpoint rule below.</summary>
    public static IReadOnlyList<PrivateEndpointRule> PrivateEndpointRules => RulesOfType<PrivateEndpointRule>();

    public static readonly PrivateEndpointRule ServiceBusPrivateEndpoint = new(ServiceBusNamespace, "namespace");

    public static readonly PrivateEndpointRule CosmosPrivateEndpoint = new(CosmosAccount, "Sql");

    public static readonly PrivateEndpointRule StoragePrivateEndpoint = new(StorageAccount, "blob");

    public static readonly PrivateEndpointRule RegistryPrivateEndpoint = new(Registry, "registry");

    private static List<T> RulesOfType<T>() =>
        typeof(SecurityBaseline).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(field => field.GetValue(null))
            .OfType<T>()
            .ToList();
}
