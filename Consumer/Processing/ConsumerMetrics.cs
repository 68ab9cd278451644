using System.Diagnostics.Metrics;

namespace Consumer.Processing;

/// <summary>
/// The consumer's meter, exported over OTLP for the dashboard's charts: messages received and settled by outcome, the
/// flow counts (archived, stored, dead-lettered: each event counted once, where it was first written or refused), and
/// how long processing took.
/// </summary>
public static class ConsumerMetrics
{
    public const string MeterName = "StoreEvents.Consumer";

    public static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Received = Meter.CreateCounter<long>("store_events.received", "{event}", "Messages the consumer started processing.");

    /// <summary>Tagged <c>outcome</c> = completed | dead_lettered | abandoned, and <c>processor</c> = the processor's identifier.</summary>
    public static readonly Counter<long> Settled = Meter.CreateCounter<long>("store_events.settled", "{event}", "Messages settled, by outcome.");

    /// <summary>Blobs written; a redelivery that finds its event already archived does not count again.</summary>
    public static readonly Counter<long> Archived = Meter.CreateCounter<long>("store_events.archived", "{event}", "Store events written to Blob Storage.");

    /// <summary>Cosmos items created; a redelivery that finds its event already stored does not count again.</summary>
    public static readonly Counter<long> Stored = Meter.CreateCounter<long>("store_events.stored", "{event}", "Store events written to Cosmos DB.");

    /// <summary>Tagged <c>reason</c> = InvalidEvent | ConflictingEvent.</summary>
    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("store_events.dead_lettered", "{event}", "Store events moved to the dead-letter queue, by reason.");

    public static readonly Histogram<double> ProcessingDuration = Meter.CreateHistogram<double>("store_events.processing.duration", "ms", "Receive to settlement of one message.");

    /// <summary>
    /// Milliseconds from the message's enqueue time to the moment both writes succeeded (the event is persisted).
    /// </summary>
    public static readonly Histogram<double> EnqueueToPersisted = Meter.CreateHistogram<double>("store_events.persisted.latency", "ms", "Enqueue to persisted in Blob and Cosmos.");
}
