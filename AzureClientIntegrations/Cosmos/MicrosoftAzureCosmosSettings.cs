using Azure.Core;

namespace AzureClientIntegrations;

/// <summary>
/// Settings of <see cref="AzureCosmosClientExtensions.AddAzureCosmosClient"/>, bound from
/// <c>Aspire:Microsoft:Azure:Cosmos</c> and <c>Aspire:Microsoft:Azure:Cosmos:{connectionName}</c>, then from
/// <c>ConnectionStrings:{connectionName}</c>. Same names as Aspire's <c>MicrosoftAzureCosmosSettings</c>.
/// </summary>
public sealed class MicrosoftAzureCosmosSettings
{
    /// <summary>A connection string, <c>AccountEndpoint=...;AccountKey=...;</c> (the emulator's, or an account key's).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The account (<c>https://{account}.documents.azure.com:443/</c>) reached with <see cref="Credential"/>.</summary>
    public Uri? AccountEndpoint { get; set; }

    /// <summary>Used with <see cref="AccountEndpoint"/>; <c>DefaultAzureCredential</c> when null.</summary>
    public TokenCredential? Credential { get; set; }

    /// <summary>True leaves the SDK's <c>Azure.Cosmos.Operation</c> spans out of the traces.</summary>
    public bool DisableTracing { get; set; }
}
