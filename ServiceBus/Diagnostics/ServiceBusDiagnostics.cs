using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ServiceBus.Diagnostics;

/// <summary>
/// The client's spans and metrics. Register the source and meter name <see cref="Name"/> with OpenTelemetry
/// (<c>AddSource("ServiceBus")</c>, <c>AddMeter("ServiceBus")</c>).
/// </summary>
public static class ServiceBusDiagnostics
{
    public const string Name = "ServiceBus";
    public const string SendActivityName = "ServiceBusSender.Send";
    public const string ProcessActivityName = "ServiceBusProcessor.ProcessMessage";
    public const string ReceiveActivityName = "ServiceBusReceiver.Receive";

    /// <summary>The application property carrying the W3C traceparent, as Azure.Messaging.ServiceBus names it.</summary>
    public const string DiagnosticIdProperty = "Diagnostic-Id";

    public static readonly ActivitySource ActivitySource = new(Name, typeof(ServiceBusDiagnostics).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(Name, typeof(ServiceBusDiagnostics).Assembly.GetName().Version?.ToString());

    internal static readonly Counter<long> MessagesSent = Meter.CreateCounter<long>("servicebus.messages.sent", "{message}", "Messages the broker accepted from senders.");

    internal static readonly Counter<long> MessagesReceived = Meter.CreateCounter<long>("servicebus.messages.received", "{message}", "Messages delivered to receivers and processors.");

    internal static readonly Counter<long> MessagesSettled = Meter.CreateCounter<long>("servicebus.messages.settled", "{message}", "Settlements the broker confirmed, by outcome (complete, abandon, defer, deadletter).");

    internal static readonly Histogram<double> ProcessingDuration = Meter.CreateHistogram<double>("servicebus.process.duration", "ms", "Time the processor's message handler took, settlement included.");

    internal static Activity? StartSend(string fullyQualifiedNamespace, string entityPath, int messageCount)
    {
        var activity = ActivitySource.StartActivity(SendActivityName, ActivityKind.Producer);
        if (activity is not null)
        {
            SetCommonTags(activity, fullyQualifiedNamespace, entityPath, "publish");
            activity.SetTag("messaging.batch.message_count", messageCount);
        }

        return activity;
    }

    internal static Activity? StartProcess(string fullyQualifiedNamespace, string entityPath, ServiceBusReceivedMessage message)
    {
        DiagnosticIdPropagation.TryExtract(message, out var parent);
        var activity = ActivitySource.StartActivity(ProcessActivityName, ActivityKind.Consumer, parent);
        if (activity is not null)
        {
            SetCommonTags(activity, fullyQualifiedNamespace, entityPath, "process");
            activity.SetTag("messaging.message.id", message.MessageId);
            activity.SetTag("messaging.servicebus.message.delivery_count", message.DeliveryCount);
            activity.SetTag("messaging.servicebus.message.enqueued_time", message.EnqueuedTime.ToUnixTimeSeconds());
        }

        return activity;
    }

    private static void SetCommonTags(Activity activity, string fullyQualifiedNamespace, string entityPath, string operation)
    {
        activity.SetTag("messaging.system", "servicebus");
        activity.SetTag("messaging.operation", operation);
        activity.SetTag("messaging.destination.name", entityPath);
        activity.SetTag("server.address", fullyQualifiedNamespace);
    }

    internal static void RecordSettled(string entityPath, string outcome) =>
        MessagesSettled.Add(1, new KeyValuePair<string, object?>("messaging.destination.name", entityPath), new KeyValuePair<string, object?>("outcome", outcome));
}
