using Azure.Storage.Blobs;

namespace EndToEnd.Tests.Scenarios;

/// <summary>
/// A blob container client from a connection string as Aspire injects it: an account connection string, optionally
/// with <c>ContainerName=</c> (a container resource), which the Blob SDK itself does not accept.
/// </summary>
internal static class StorageConnection
{
    public static BlobContainerClient BlobContainer(string? connectionString, string defaultContainer)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries);
        var container = parts.FirstOrDefault(part => part.StartsWith("ContainerName=", StringComparison.OrdinalIgnoreCase))?["ContainerName=".Length..];
        var account = string.Join(';', parts.Where(part => !part.StartsWith("ContainerName=", StringComparison.OrdinalIgnoreCase)));
        return new BlobServiceClient(account).GetBlobContainerClient(container ?? defaultContainer);
    }
}
