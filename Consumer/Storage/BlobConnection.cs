using Azure.Core;
using Azure.Storage.Blobs;

namespace Consumer.Storage;

/// <summary>
/// Where the event archive lives: a Blob Storage connection string (Azurite, account keys) or a bare service URI
/// (<c>https://account.blob.core.windows.net</c>) reached with a token credential.
/// </summary>
public sealed class BlobConnection
{
    public const string SettingName = "ConnectionStrings__blobs";

    private BlobConnection(string? connectionString, Uri? serviceUri, string? containerName)
    {
        ConnectionString = connectionString;
        ServiceUri = serviceUri;
        ContainerName = containerName;
    }

    /// <summary>The connection string handed to the SDK (without Aspire's <c>ContainerName</c>), if one was given.</summary>
    public string? ConnectionString { get; }

    /// <summary>The service URI, when the setting was a bare endpoint.</summary>
    public Uri? ServiceUri { get; }

    /// <summary>The container named by an Aspire container resource (<c>ContainerName=...</c>), if any.</summary>
    public string? ContainerName { get; }

    /// <summary>True when the setting was a bare endpoint: the client authenticates with a token credential.</summary>
    public bool UsesTokenCredential => ServiceUri is not null;

    public static BlobConnection Parse(string? value)
    {
        value = ConnectionSetting.Require(value, SettingName);
        if (ConnectionSetting.TryReadEndpoint(value, out var serviceUri))
        {
            return new BlobConnection(null, serviceUri, null);
        }

        var pairs = ConnectionSetting.ReadConnectionString(value, SettingName);
        // Aspire adds ContainerName for a container resource; the Blob SDK does not know that key.
        var containerName = pairs.Find("ContainerName");
        var forSdk = pairs.Where(pair => !string.Equals(pair.Key, "ContainerName", StringComparison.OrdinalIgnoreCase));
        return new BlobConnection(string.Concat(forSdk.Select(pair => $"{pair.Key}={pair.Value};")), null, containerName);
    }

    /// <param name="credential">Called only when the setting is a bare endpoint.</param>
    public BlobServiceClient CreateServiceClient(Func<TokenCredential> credential, BlobClientOptions? options = null) =>
        ServiceUri is not null
            ? new BlobServiceClient(ServiceUri, credential(), options)
            : new BlobServiceClient(ConnectionString, options);
}
