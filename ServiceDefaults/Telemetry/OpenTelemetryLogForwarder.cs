using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Telemetry;

/// <summary>Hands the host's log entries to the OpenTelemetry SDK's logger factory (which the SDK owns and disposes).</summary>
internal sealed class OpenTelemetryLogForwarder(ILoggerFactory openTelemetryLoggers) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => openTelemetryLoggers.CreateLogger(categoryName);

    public void Dispose()
    {
        // The factory belongs to the SDK; TelemetryFlush disposes the SDK.
    }
}
