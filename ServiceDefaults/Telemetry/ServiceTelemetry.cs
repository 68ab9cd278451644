using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry for a service with <see cref="OpenTelemetrySdk.Create"/> (the hosting and instrumentation packages
/// are not on our feed): ASP.NET Core's and HttpClient's built-in activity sources and meters, the runtime's meter,
/// and ours (<see cref="SourceNames"/>). Exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set,
/// as Aspire sets it; otherwise nothing leaves the process.
/// </summary>
public static class ServiceTelemetry
{
    /// <summary>Our services' activity sources and meters all start with this (e.g. <c>StoreEvents.Producer</c>).</summary>
    public const string SourcePrefix = "StoreEvents";

    public static readonly IReadOnlyList<string> SourceNames = [$"{SourcePrefix}.*", "Microsoft.AspNetCore", "System.Net.Http"];

    public static readonly IReadOnlyList<string> MeterNames =
    [
        $"{SourcePrefix}.*",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "System.Net.Http",
        "System.Net.NameResolution",
        "System.Runtime",
    ];

    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    internal static IHostApplicationBuilder AddServiceTelemetry(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var serviceName = configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : builder.Environment.ApplicationName;
        var exportsOtlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);
        var sdk = Create(serviceName, exportsOtlp ? configuration : null);

        // Every ILogger entry also becomes an OpenTelemetry log record (with the current trace context).
        builder.Logging.AddProvider(new OpenTelemetryLogForwarder(sdk.GetLoggerFactory()));
        builder.Services.AddHostedService(_ => new TelemetryFlush(sdk));
        return builder;
    }

    /// <summary><c>OTEL_EXPORTER_OTLP_PROTOCOL</c>: <c>http/protobuf</c>, or gRPC (the specification's default).</summary>
    public static OtlpExportProtocol OtlpProtocol(string? setting) =>
        string.Equals(setting, "http/protobuf", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;

    /// <summary>The SDK with our sources and meters; with an OTLP exporter configured from <paramref name="otlpConfiguration"/> when given.</summary>
    public static OpenTelemetrySdk Create(string serviceName, IConfiguration? otlpConfiguration) =>
        OpenTelemetrySdk.Create(telemetry =>
        {
            telemetry.ConfigureResource(resource => resource.AddService(serviceName));
            telemetry.WithTracing(tracing => tracing.AddSource([.. SourceNames]));
            telemetry.WithMetrics(metrics => metrics.AddMeter([.. MeterNames]));
            telemetry.WithLogging();
            if (otlpConfiguration?[OtlpEndpointSetting] is { Length: > 0 } endpoint)
            {
                telemetry.UseOtlpExporter(OtlpProtocol(otlpConfiguration["OTEL_EXPORTER_OTLP_PROTOCOL"]), new Uri(endpoint));
            }
        });
}
