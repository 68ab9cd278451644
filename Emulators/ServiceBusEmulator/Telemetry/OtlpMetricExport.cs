using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ServiceBusEmulator.Telemetry;

/// <summary>
/// Exports <see cref="EmulatorMetrics"/> with the OpenTelemetry SDK's OTLP exporter when the standard environment
/// names an endpoint, as Aspire does for every resource it starts. The SDK itself reads the rest of that
/// environment (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>_HEADERS</c>, <c>OTEL_SERVICE_NAME</c>,
/// <c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c>), so the emulator's resource is the one Aspire
/// named. Without an endpoint no exporter starts: a standalone emulator sends nothing anywhere.
/// </summary>
public static class OtlpMetricExport
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The running export (dispose it to send the last values and stop), or null when no endpoint is configured.</summary>
    public static MeterProvider? StartIfConfigured(Func<string, string?> environment) =>
        string.IsNullOrWhiteSpace(environment(EndpointVariable))
            ? null
            : Sdk.CreateMeterProviderBuilder()
                .AddMeter(EmulatorMetrics.MeterName)
                .AddOtlpExporter()
                .Build();
}
