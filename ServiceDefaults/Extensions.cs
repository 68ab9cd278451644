using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceDefaults.Health;
using ServiceDefaults.Logging;
using ServiceDefaults.Telemetry;

namespace ServiceDefaults;

/// <summary>
/// What every service sets up the same way, in the shape of Aspire's service-defaults template: OpenTelemetry traces,
/// metrics and logs (exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set), health checks (<c>/health</c>
/// readiness, <c>/alive</c> liveness), the standard resilience handler and service discovery on every HttpClient from
/// the factory; and, beyond the template, console logs carrying trace ids and readiness checks a service adds by name.
/// </summary>
public static class Extensions
{
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.AddStructuredLogging();
        builder.AddServiceTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check: the process and the dependencies it needs to take traffic) and <c>/alive</c>
    /// (liveness checks only: restart me if this fails).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpoints.ReadinessPath);
        app.MapHealthChecks(HealthEndpoints.LivenessPath, new() { Predicate = registration => registration.Tags.Contains(HealthEndpoints.LiveTag) });
        return app;
    }
}
