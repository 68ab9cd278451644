using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceBus.HealthChecks;

/// <summary>Adds <see cref="ServiceBusQueueHealthCheck"/> to a service's health checks.</summary>
public static class ServiceBusHealthChecksBuilderExtensions
{
    // The framework's own timeout is a backstop only: the check's shorter one fires first and says why.
    private static readonly TimeSpan RegistrationTimeoutMargin = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Checks the queue <paramref name="queueName"/> names, with the <see cref="ServiceBusClient"/> registered in the
    /// container (the one the service sends or receives with, so the probe tests its connection). The check is a
    /// singleton keyed by <paramref name="name"/>: its receiver lives across probes and is closed when the host's
    /// container is disposed.
    /// </summary>
    public static IHealthChecksBuilder AddServiceBusQueue(this IHealthChecksBuilder builder, Func<IServiceProvider, string> queueName,
        string name = "servicebus", IEnumerable<string>? tags = null, TimeSpan? probeTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(queueName);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var timeout = probeTimeout ?? ServiceBusQueueHealthCheck.DefaultProbeTimeout;
        builder.Services.AddKeyedSingleton(name, (provider, _) =>
            new ServiceBusQueueHealthCheck(provider.GetRequiredService<ServiceBusClient>(), queueName(provider), timeout));
        return builder.Add(new HealthCheckRegistration(name, provider => provider.GetRequiredKeyedService<ServiceBusQueueHealthCheck>(name),
            HealthStatus.Unhealthy, tags, timeout + RegistrationTimeoutMargin));
    }
}
