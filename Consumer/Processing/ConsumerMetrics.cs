using System.Diagnostics.Metrics;

namespace Consumer.Processing;

/// <summary>The consumer's meter: messages received, settled by outcome, and how long processing took.</summary>
public static class ConsumerMetrics
{
    public const string MeterName = "StoreEvents.Consumer";

    public static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Received = Meter.CreateCounter<long>("store_events.received", "{event}", "Messages the consumer started processing.");

    /// <summary>Tagged <c>outcome</c> = completed | dead_lettered | abandoned, and <c>processor</c> = the processor's identifier.</summary>
    public static readonly Counter<long> Settled = Meter.CreateCounter<long>("store_events.settled", "{event}", "Messages settled, by outcome.");

    public static readonly Histogram<double> ProcessingDuration = Meter.CreateHistogram<double>("store_events.processing.duration", "ms", "Receive to settlement of one message.");

    /// <summary>
    /// Milliseconds from the message's enqueue time to the moment both writes succeeded (the event is persisted).
    /// </summary>
    public static readonly Histogram<double> EnqueueToPersisted = Meter.CreateHistogram<double>("store_events.persisted.latency", "ms", "Enqueue to persisted in Blob and Cosmos.");
}
