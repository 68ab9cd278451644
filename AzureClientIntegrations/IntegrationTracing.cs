using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace AzureClientIntegrations;

/// <summary>Adds an Azure SDK's activity sources to the service's OpenTelemetry tracing, as Aspire's integrations do.</summary>
internal static class IntegrationTracing
{
    /// <summary>
    /// The Azure SDKs emit <see cref="System.Diagnostics.ActivitySource"/> spans only with this switch on (they are
    /// still marked experimental); without it an OpenTelemetry listener sees none of their spans.
    /// </summary>
    public const string ActivitySourceSwitch = "Azure.Experimental.EnableActivitySource";

    public static void AddSources(IHostApplicationBuilder builder, params string[] sources)
    {
        AppContext.SetSwitch(ActivitySourceSwitch, true);
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(sources));
    }
}
