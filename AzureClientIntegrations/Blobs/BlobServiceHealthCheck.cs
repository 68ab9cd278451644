using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AzureClientIntegrations;

/// <summary>Ready when the blob service answers a one-item container listing: reachable, and the credentials are accepted.</summary>
internal sealed class BlobServiceHealthCheck(BlobServiceClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var _ in client.GetBlobContainersAsync(cancellationToken: cancellationToken).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                break;
            }

            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is RequestFailedException or HttpRequestException or AggregateException)
        {
            return HealthCheckResult.Unhealthy($"Blob Storage at {client.Uri} is not usable: {exception.Message}", exception);
        }
    }
}
