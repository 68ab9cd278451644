using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Consumer.Processing;

namespace Flow.Tests;

/// <summary>Counts the consumers' settlements by outcome and processor, from the consumer's own meter.</summary>
public sealed class SettlementCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Outcome, string Processor), long> _counts = new();

    public SettlementCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ConsumerMetrics.MeterName && instrument.Name == "store_events.settled")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string outcome = "", processor = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    outcome = (string)tag.Value!;
                }
                else if (tag.Key == "processor")
                {
                    processor = (string)tag.Value!;
                }
            }

            _counts.AddOrUpdate((outcome, processor), value, (_, total) => total + value);
        });
        _listener.Start();
    }

    public long Total(string outcome) => _counts.Where(entry => entry.Key.Outcome == outcome).Sum(entry => entry.Value);

    public IReadOnlyDictionary<string, long> CompletedByProcessor() =>
        _counts.Where(entry => entry.Key.Outcome == "completed").ToDictionary(entry => entry.Key.Processor, entry => entry.Value);

    public void Dispose() => _listener.Dispose();
}
