using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ServiceDefaults.Health;

namespace ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry as Aspire's service-defaults template sets it up (<c>OpenTelemetry.Extensions.Hosting</c> with the
/// ASP.NET Core, HttpClient and runtime instrumentation), plus our own sources and meters (<c>StoreEvents.*</c>).
/// Exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, as Aspire sets it.
/// </summary>
/// <remarks>
/// The resource comes from <c>OTEL_SERVICE_NAME</c> and <c>OTEL_RESOURCE_ATTRIBUTES</c>, which Aspire sets per replica
/// (its <c>service.instance.id</c> is what keeps replicas apart in the dashboard), so nothing here overrides them; only
/// when no service name is configured (a service run on its own) is the application's name used.
/// </remarks>
public static class ServiceTelemetry
{
    /// <summary>Our services' activity sources and meters all start with this (e.g. <c>StoreEvents.Producer</c>).</summary>
    public const string SourcePrefix = "StoreEvents";

    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string ServiceNameSetting = "OTEL_SERVICE_NAME";

    internal static IHostApplicationBuilder AddServiceTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            // The dashboard's structured logs show the rendered message, with the template's values as attributes.
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry();
        if (string.IsNullOrWhiteSpace(builder.Configuration[ServiceNameSetting]))
        {
            // Without an instance id of our own: the SDK's default one, or the one OTEL_RESOURCE_ATTRIBUTES gives, stands.
            telemetry.ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName, autoGenerateServiceInstanceId: false));
        }

        telemetry
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter($"{SourcePrefix}.*"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, $"{SourcePrefix}.*")
                // Probes every few seconds would bury the requests that matter.
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context =>
                    !context.Request.Path.StartsWithSegments(HealthEndpoints.ReadinessPath)
                    && !context.Request.Path.StartsWithSegments(HealthEndpoints.LivenessPath))
                .AddHttpClientInstrumentation());

        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]))
        {
            // Reads OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL and _HEADERS itself.
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
