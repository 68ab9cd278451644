using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Health;

/// <summary>
/// The two health endpoints every service has, and the way a service adds a dependency to its readiness:
/// <c>builder.AddReadinessCheck&lt;BlobStorageHealthCheck&gt;("blobs")</c>. A readiness check counts for
/// <c>/health</c> only; <c>/alive</c> answers as long as the process does, so an orchestrator restarts a service
/// for being stuck, never for a dependency being down.
/// </summary>
public static class HealthEndpoints
{
    public const string ReadinessPath = "/health";
    public const string LivenessPath = "/alive";
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    internal static IHostApplicationBuilder AddDefaultHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>Adds a check of something the service needs before it can take traffic (a store, a broker).</summary>
    public static IHostApplicationBuilder AddReadinessCheck<TCheck>(this IHostApplicationBuilder builder, string name, TimeSpan? timeout = null)
        where TCheck : class, IHealthCheck
    {
        builder.Services.AddHealthChecks().AddCheck<TCheck>(name, HealthStatus.Unhealthy, [ReadyTag], timeout ?? TimeSpan.FromSeconds(5));
        return builder;
    }
}
