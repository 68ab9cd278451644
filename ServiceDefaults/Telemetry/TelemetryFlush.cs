using Microsoft.Extensions.Hosting;
using OpenTelemetry;

namespace ServiceDefaults.Telemetry;

/// <summary>Flushes and shuts down the OpenTelemetry SDK when the host stops, so the last spans and logs are exported.</summary>
internal sealed class TelemetryFlush(OpenTelemetrySdk sdk) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        sdk.Dispose();
        return Task.CompletedTask;
    }
}
