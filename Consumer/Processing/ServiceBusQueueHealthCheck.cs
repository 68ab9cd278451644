using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ServiceBus;

namespace Consumer.Processing;

/// <summary>Ready when the queue answers a peek over the management link: namespace reachable, credentials accepted, queue exists.</summary>
public sealed class ServiceBusQueueHealthCheck(ServiceBusClient client, IOptions<ServiceBusQueueSettings> settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var receiver = client.CreateReceiver(settings.Value.QueueName);
            await receiver.PeekMessageAsync(cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy($"queue {settings.Value.QueueName} on {client.FullyQualifiedNamespace} answers");
        }
        catch (Exception exception) when (exception is ServiceBusException or TimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"queue {settings.Value.QueueName} on {client.FullyQualifiedNamespace} does not answer: {exception.Message}", exception);
        }
    }
}
