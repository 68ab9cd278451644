using System.Net;
using Consumer.Storage;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Consumer.Health;

/// <summary>Ready when the store's Cosmos container answers (and exists): the consumer cannot store events otherwise.</summary>
internal sealed class EventStoreHealthCheck(CosmosClient cosmos, IOptions<EventStoreOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (database, container) = (options.Value.DatabaseName, options.Value.ContainerName);
        try
        {
            using var response = await cosmos.GetContainer(database, container).ReadContainerStreamAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.StatusCode switch
            {
                HttpStatusCode.OK => HealthCheckResult.Healthy(),
                HttpStatusCode.NotFound => HealthCheckResult.Unhealthy($"Cosmos container '{database}/{container}' does not exist at {cosmos.Endpoint}"),
                var status => HealthCheckResult.Unhealthy($"Cosmos DB at {cosmos.Endpoint} answered {(int)status} for '{database}/{container}'"),
            };
        }
        catch (Exception exception) when (exception is CosmosException or HttpRequestException)
        {
            return HealthCheckResult.Unhealthy($"Cosmos DB at {cosmos.Endpoint} is not reachable", exception);
        }
    }
}
