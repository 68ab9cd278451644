using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults;

/// <summary>
/// What every service sets up the same way. Today: health checks and their endpoints. Telemetry and resilience
/// are added with the AppHost work; nothing here pretends to do them yet.
/// </summary>
public static class Extensions
{
    private const string LiveTag = "live";

    /// <summary>Registers the health checks every service has (a liveness check that the process answers).</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check: ready to take traffic) and <c>/alive</c> (liveness checks only).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        app.MapHealthChecks("/alive", new() { Predicate = registration => registration.Tags.Contains(LiveTag) });
        return app;
    }
}
