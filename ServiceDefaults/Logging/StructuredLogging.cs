using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ServiceDefaults.Logging;

/// <summary>
/// Console logs as JSON (one object per line, scopes included) when the output goes to a file or a collector, and
/// simple lines when a person watches a terminal; either way with the trace and span ids of the current activity,
/// so a log line leads to its trace. <c>Logging:Console:FormatterName</c> still overrides the choice.
/// </summary>
internal static class StructuredLogging
{
    public static IHostApplicationBuilder AddStructuredLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.Configure(options =>
            options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        var formatter = ChooseFormatter(builder.Configuration["Logging:Console:FormatterName"], Console.IsOutputRedirected);
        builder.Logging.AddConsole(options => options.FormatterName = formatter);
        // Formatter options only: AddJsonConsole / AddSimpleConsole would also pick the formatter, last call winning.
        builder.Services.Configure<JsonConsoleFormatterOptions>(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Services.Configure<SimpleConsoleFormatterOptions>(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
        });
        return builder;
    }

    /// <summary>The configured formatter if any; otherwise JSON for redirected output and simple for a terminal.</summary>
    public static string ChooseFormatter(string? configured, bool outputRedirected) =>
        !string.IsNullOrWhiteSpace(configured) ? configured
        : outputRedirected ? ConsoleFormatterNames.Json
        : ConsoleFormatterNames.Simple;
}
