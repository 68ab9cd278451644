using Azure;
using Azure.Storage.Blobs;
using Consumer.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Consumer.Health;

/// <summary>Ready when the archive's blob container answers (and exists): the consumer cannot archive events otherwise.</summary>
internal sealed class EventArchiveHealthCheck(BlobServiceClient blobs, IOptions<EventArchiveOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var container = blobs.GetBlobContainerClient(options.Value.ContainerName);
        try
        {
            return await container.ExistsAsync(cancellationToken).ConfigureAwait(false)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"blob container '{container.Name}' does not exist at {blobs.Uri}");
        }
        catch (Exception exception) when (exception is RequestFailedException or HttpRequestException or AggregateException)
        {
            return HealthCheckResult.Unhealthy($"Blob Storage at {blobs.Uri} is not reachable", exception);
        }
    }
}
