using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ServiceBus.Diagnostics;
using ServiceBus.Tests.Support;

namespace ServiceBus.Tests.Integration;

/// <summary>One trace from the caller's span through send to process, and the counters a dashboard reads.</summary>
[Collection(SerialCollection.Name)]
public sealed class DiagnosticsTests : EmulatorTest
{
    [Fact]
    public async Task Processing_span_continues_the_trace_of_the_request_that_sent_the_message()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is ServiceBusDiagnostics.Name or "Tests.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var http = new ActivitySource("Tests.Http");
        var marker = Guid.NewGuid().ToString("N");

        await using var sender = Client.CreateSender("long-lock");
        string traceId;
        using (var request = http.StartActivity("POST /events", ActivityKind.Server)!)
        {
            traceId = request.TraceId.ToHexString();
            await sender.SendMessageAsync(new ServiceBusMessage("traced") { MessageId = marker });
        }

        string? handlerTraceId = null;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = Client.CreateProcessor("long-lock");
        processor.ProcessMessageAsync += args =>
        {
            handlerTraceId = Activity.Current?.TraceId.ToHexString();
            done.TrySetResult();
            return Task.CompletedTask;
        };
        processor.ProcessErrorAsync += _ => Task.CompletedTask;
        await processor.StartProcessingAsync();
        await done.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await processor.StopProcessingAsync();

        var send = Assert.Single(stopped, a => a.OperationName == ServiceBusDiagnostics.SendActivityName && a.TraceId.ToHexString() == traceId);
        var process = Assert.Single(stopped, a => a.OperationName == ServiceBusDiagnostics.ProcessActivityName && (string?)a.GetTagItem("messaging.message.id") == marker);
        Assert.Equal(traceId, process.TraceId.ToHexString());
        Assert.Equal(send.SpanId, process.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal("long-lock", process.GetTagItem("messaging.destination.name"));
        Assert.Equal(traceId, handlerTraceId);
    }

    [Fact]
    public async Task Counters_record_sent_received_and_settled_by_outcome_and_processing_duration()
    {
        var totals = new ConcurrentDictionary<string, double>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ServiceBusDiagnostics.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? outcome = null, destination = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome") outcome = tag.Value as string;
                if (tag.Key == "messaging.destination.name") destination = tag.Value as string;
            }

            if (destination == "orders")
            {
                totals.AddOrUpdate(outcome is null ? instrument.Name : $"{instrument.Name}/{outcome}", value, (_, sum) => sum + value);
            }
        }

        meterListener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        meterListener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        meterListener.Start();

        await using var sender = Client.CreateSender("orders");
        await sender.SendMessagesAsync([new ServiceBusMessage("1"), new ServiceBusMessage("2"), new ServiceBusMessage("3")]);
        await using var receiver = Client.CreateReceiver("orders");
        var first = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10));
        await receiver.AbandonMessageAsync(first!);
        var handled = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = Client.CreateProcessor("orders");
        processor.ProcessMessageAsync += _ =>
        {
            if (Interlocked.Increment(ref handled) == 3)
            {
                done.TrySetResult();
            }

            return Task.CompletedTask;
        };
        processor.ProcessErrorAsync += _ => Task.CompletedTask;
        await processor.StartProcessingAsync();
        await done.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await processor.StopProcessingAsync();
        meterListener.RecordObservableInstruments();

        Assert.Equal(3, totals["servicebus.messages.sent"]);
        Assert.Equal(4, totals["servicebus.messages.received"]);
        Assert.Equal(1, totals["servicebus.messages.settled/abandon"]);
        Assert.Equal(3, totals["servicebus.messages.settled/complete"]);
        Assert.True(totals.ContainsKey("servicebus.process.duration/completed"));
    }
}
