using System.Diagnostics;

namespace ServiceBus.Diagnostics;

/// <summary>
/// Carries W3C trace context across the queue in the <c>Diagnostic-Id</c> application property (a traceparent string),
/// so the processing span continues the trace of the code that sent the message.
/// </summary>
internal static class DiagnosticIdPropagation
{
    /// <summary>Stamps the activity's traceparent unless the message already carries one (a resend keeps its origin).</summary>
    public static void Inject(ServiceBusMessage message, Activity? activity)
    {
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C ||
            message.ApplicationProperties.ContainsKey(ServiceBusDiagnostics.DiagnosticIdProperty))
        {
            return;
        }

        message.ApplicationProperties[ServiceBusDiagnostics.DiagnosticIdProperty] = activity.Id;
    }

    public static bool TryExtract(ServiceBusReceivedMessage message, out ActivityContext context)
    {
        context = default;
        return message.ApplicationProperties.TryGetValue(ServiceBusDiagnostics.DiagnosticIdProperty, out var value) &&
               value is string traceparent &&
               ActivityContext.TryParse(traceparent, null, isRemote: true, out context);
    }
}
