using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Consumer.Processing;
using Producer.Sending;

namespace Flow.Tests;

/// <summary>
/// The flow counts as the dashboard charts them: the producer's and the consumers' counters (<c>store_events.sent</c>,
/// <c>.archived</c>, <c>.stored</c>, <c>.dead_lettered</c>), summed by instrument and, where tagged, by reason.
/// </summary>
public sealed class FlowCounts : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counts = new();

    public FlowCounts()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name is ConsumerMetrics.MeterName or StoreEventPublisher.MeterName && instrument is Counter<long>)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name;
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    key = $"{instrument.Name}{{{tag.Value}}}";
                }
            }

            _counts.AddOrUpdate(key, value, (_, total) => total + value);
        });
        _listener.Start();
    }

    /// <summary>The sum of <paramref name="instrument"/>, e.g. <c>store_events.stored</c> or <c>store_events.dead_lettered{InvalidEvent}</c>.</summary>
    public long this[string instrument] => _counts.GetValueOrDefault(instrument);

    public void Dispose() => _listener.Dispose();
}
