using Azure.Core;

namespace AzureClientIntegrations;

/// <summary>
/// Settings of <see cref="AzureBlobServiceClientExtensions.AddAzureBlobServiceClient"/>, bound from
/// <c>Aspire:Azure:Storage:Blobs</c> and <c>Aspire:Azure:Storage:Blobs:{connectionName}</c>, then from
/// <c>ConnectionStrings:{connectionName}</c>. Same names as Aspire's <c>AzureStorageBlobsSettings</c>.
/// </summary>
public class AzureStorageBlobsSettings
{
    /// <summary>A storage connection string (Azurite's, or an account key's).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob service (<c>https://{account}.blob.core.windows.net</c>) reached with <see cref="Credential"/>.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>Used with <see cref="ServiceUri"/>; <c>DefaultAzureCredential</c> when null.</summary>
    public TokenCredential? Credential { get; set; }

    public bool DisableHealthChecks { get; set; }

    /// <summary>True leaves the SDK's <c>Azure.Storage.Blobs.*</c> activity sources out of the traces.</summary>
    public bool DisableTracing { get; set; }
}
