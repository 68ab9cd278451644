using System.Diagnostics.Metrics;
using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Telemetry;

/// <summary>
/// The emulator's metrics, per queue and per topic subscription: observable gauges of the messages it holds and
/// observable counters of the messages sent and consumed. Observable instruments cost nothing on the message path;
/// they read the broker only when a listener collects (the OTLP exporter, a test's <see cref="MeterListener"/>).
/// Tags follow OpenTelemetry's messaging conventions: <c>messaging.destination.name</c> is the queue or topic,
/// <c>messaging.destination.subscription.name</c> the subscription.
/// </summary>
public sealed class EmulatorMetrics : IDisposable
{
    public const string MeterName = "ServiceBusEmulator";
    public const string ActiveMessages = "servicebus.emulator.entity.active_messages";
    public const string LockedMessages = "servicebus.emulator.entity.locked_messages";
    public const string ScheduledMessages = "servicebus.emulator.entity.scheduled_messages";
    public const string DeferredMessages = "servicebus.emulator.entity.deferred_messages";
    public const string DeadLetteredMessages = "servicebus.emulator.entity.dead_lettered_messages";
    public const string SentMessages = "servicebus.emulator.entity.sent_messages";
    public const string CompletedMessages = "servicebus.emulator.entity.completed_messages";
    public const string DestinationTag = "messaging.destination.name";
    public const string SubscriptionTag = "messaging.destination.subscription.name";

    private const string MessageUnit = "{message}";
    private const string SubscriptionSeparator = "/Subscriptions/";

    private readonly MessageBroker _broker;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, KeyValuePair<string, object?>[]> _tagsByPath = new(StringComparer.Ordinal);

    public EmulatorMetrics(MessageBroker broker)
    {
        _broker = broker;
        Meter = new Meter(MeterName, typeof(EmulatorMetrics).Assembly.GetName().Version?.ToString());
        Gauge(ActiveMessages, "Messages available or locked in the entity (Azure's active message count).", m => m.Counts.Active);
        Gauge(LockedMessages, "Messages held under a peek-lock by a receiver.", m => m.Locked);
        Gauge(ScheduledMessages, "Messages waiting for their scheduled enqueue time.", m => m.Counts.Scheduled);
        Gauge(DeferredMessages, "Messages set aside by a deferral.", m => m.Counts.Deferred);
        Gauge(DeadLetteredMessages, "Messages in the entity's dead-letter queue.", m => m.Counts.DeadLettered);
        Counter(SentMessages, "Messages stored in the entity by a send, a topic fan-out or a forward.", m => m.Enqueued);
        Counter(CompletedMessages, "Messages consumed from the entity: completed, or received in receive-and-delete mode.", m => m.Completed);
    }

    /// <summary>The meter of this emulator (several hosts in one test process each have their own).</summary>
    public Meter Meter { get; }

    public void Dispose() => Meter.Dispose();

    private void Gauge(string name, string description, Func<EntityMeasurements, int> value) =>
        Meter.CreateObservableGauge(name, () => Measure(value), MessageUnit, description);

    private void Counter(string name, string description, Func<EntityMeasurements, long> value) =>
        Meter.CreateObservableCounter(name, () => Measure(value), MessageUnit, description);

    private IEnumerable<Measurement<T>> Measure<T>(Func<EntityMeasurements, T> value)
        where T : struct
    {
        // Each instrument reads afresh, so a collection never reports a value older than itself; a read walks the
        // stores under the broker lock (linear in the messages held), once per instrument and export interval.
        var measured = _broker.MeasureEntities();
        var measurements = new Measurement<T>[measured.Count];
        for (var i = 0; i < measured.Count; i++)
        {
            measurements[i] = new Measurement<T>(value(measured[i]), TagsOf(measured[i].Counts.Path));
        }

        return measurements;
    }

    private KeyValuePair<string, object?>[] TagsOf(string path)
    {
        lock (_gate)
        {
            if (!_tagsByPath.TryGetValue(path, out var tags))
            {
                var separator = path.IndexOf(SubscriptionSeparator, StringComparison.OrdinalIgnoreCase);
                tags = separator < 0
                    ? [new(DestinationTag, path)]
                    : [new(DestinationTag, path[..separator]), new(SubscriptionTag, path[(separator + SubscriptionSeparator.Length)..])];
                _tagsByPath.Add(path, tags);
            }

            return tags;
        }
    }
}
