using System.Diagnostics.Metrics;
using Azure.Messaging.ServiceBus;
using ServiceBusEmulator.DotNetConformance.Support;
using ServiceBusEmulator.Telemetry;

namespace ServiceBusEmulator.DotNetConformance;

/// <summary>
/// The emulator's metrics after the official SDK has worked on its entities: the gauges and counters an OTLP exporter
/// (and so the Aspire dashboard) would receive, read here through a <see cref="MeterListener"/> on this emulator's meter.
/// </summary>
public sealed class MetricsTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Queue_gauges_and_counters_follow_sends_locks_settlements_and_schedules()
    {
        await using var client = emulator.CreateClient();
        var sender = client.CreateSender("settlement");
        await sender.SendMessagesAsync(Enumerable.Range(0, 5).Select(i => new ServiceBusMessage($"m{i}")));
        await sender.ScheduleMessageAsync(new ServiceBusMessage("later"), DateTimeOffset.UtcNow.AddHours(1));
        var receiver = client.CreateReceiver("settlement");
        var received = new List<ServiceBusReceivedMessage>();
        while (received.Count < 3)
        {
            received.AddRange(await receiver.ReceiveMessagesAsync(3 - received.Count, Wait));
        }

        await receiver.DeadLetterMessageAsync(received[0], "InvalidEvent", "metrics test");
        await receiver.CompleteMessageAsync(received[1]);

        var values = Collect();

        // Five sent: one dead-lettered, one completed, so three active, one of them still locked by the receiver.
        Assert.Equal(3L, values[(EmulatorMetrics.ActiveMessages, "settlement", null)]);
        Assert.Equal(1L, values[(EmulatorMetrics.LockedMessages, "settlement", null)]);
        Assert.Equal(1L, values[(EmulatorMetrics.DeadLetteredMessages, "settlement", null)]);
        Assert.Equal(1L, values[(EmulatorMetrics.ScheduledMessages, "settlement", null)]);
        Assert.Equal(0L, values[(EmulatorMetrics.DeferredMessages, "settlement", null)]);
        Assert.Equal(6L, values[(EmulatorMetrics.SentMessages, "settlement", null)]);
        Assert.Equal(1L, values[(EmulatorMetrics.CompletedMessages, "settlement", null)]);
        Assert.Equal(0L, values[(EmulatorMetrics.ActiveMessages, "batches", null)]);
    }

    [Fact]
    public async Task Subscription_gauges_are_tagged_with_the_topic_and_the_subscription()
    {
        await using var client = emulator.CreateClient();
        var sender = client.CreateSender("orders");
        await sender.SendMessagesAsync([
            new ServiceBusMessage("big") { ApplicationProperties = { ["quantity"] = 20 } },
            new ServiceBusMessage("small") { ApplicationProperties = { ["quantity"] = 1 } },
        ]);
        await client.CreateReceiver("orders", "all", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete })
            .ReceiveMessageAsync(Wait);

        var values = Collect();

        Assert.Equal(1L, values[(EmulatorMetrics.ActiveMessages, "orders", "all")]);
        Assert.Equal(2L, values[(EmulatorMetrics.SentMessages, "orders", "all")]);
        Assert.Equal(1L, values[(EmulatorMetrics.CompletedMessages, "orders", "all")]);
        Assert.Equal(1L, values[(EmulatorMetrics.ActiveMessages, "orders", "big")]);
        Assert.Equal(0L, values[(EmulatorMetrics.ActiveMessages, "orders", "red")]);
    }

    /// <summary>One collection of this emulator's instruments: value by (instrument, destination, subscription).</summary>
    private Dictionary<(string Instrument, string Destination, string? Subscription), long> Collect()
    {
        var values = new Dictionary<(string, string, string?), long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Meter == emulator.Host.Metrics.Meter)
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? destination = null, subscription = null;
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case EmulatorMetrics.DestinationTag: destination = (string?)tag.Value; break;
                    case EmulatorMetrics.SubscriptionTag: subscription = (string?)tag.Value; break;
                }
            }

            values[(instrument.Name, destination!, subscription)] = value;
        }

        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
