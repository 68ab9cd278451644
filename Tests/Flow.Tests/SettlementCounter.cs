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

    /// <summary>
    /// Waits until <paramref name="outcome"/> has been counted <paramref name="expected"/> times, or the time is up, and returns the count.
    /// A consumer counts a settlement after the broker confirms it, and the stores show the event before that, so a
    /// test that saw the stores complete must still wait for the counter.
    /// </summary>
    public async Task<long> WaitForAsync(string outcome, long expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Total(outcome) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        return Total(outcome);
    }

    public IReadOnlyDictionary<string, long> CompletedByProcessor() =>
        _counts.Where(entry => entry.Key.Outcome == "completed").ToDictionary(entry => entry.Key.Processor, entry => entry.Value);

    public void Dispose() => _listener.Dispose();
}
