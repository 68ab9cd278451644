using System.Diagnostics.Metrics;
using Azure.Messaging.ServiceBus;
using Contracts;

namespace Producer.Sending;

/// <summary>
/// Sends store events to the queue in as few batches as fit the broker's size limit, each event one message:
/// MessageId = event id (the idempotency key), Subject and <c>event_type</c> = the event type, CorrelationId =
/// request id, content type JSON, time-to-live one day, and <c>priority_shipping</c> as an application property.
/// Thread-safe; one instance serves the whole process. It counts the events the broker accepted since it was created,
/// both as the <c>store_events.sent</c> metric and as <see cref="Sent"/> for <c>GET /api/events/sent</c>.
/// </summary>
public sealed class StoreEventPublisher(ServiceBusSender sender, TimeProvider clock)
{
    public const string MeterName = "StoreEvents.Producer";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> EventsSent = Meter.CreateCounter<long>("store_events.sent", "{event}", "Store events the broker accepted.");

    private long _sent;

    /// <summary>Events the broker accepted through this publisher since <see cref="Since"/>.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public DateTimeOffset Since { get; } = clock.GetUtcNow();

    public static ServiceBusMessage ToMessage(OutgoingStoreEvent storeEvent)
    {
        var message = new ServiceBusMessage(storeEvent.Body)
        {
            MessageId = storeEvent.Id,
            Subject = storeEvent.EventType,
            CorrelationId = storeEvent.RequestId,
            ContentType = StoreEventMessageSettings.ContentType,
            TimeToLive = StoreEventMessageSettings.TimeToLive,
        };
        message.ApplicationProperties[StoreEventApplicationProperties.EventType] = storeEvent.EventType;
        message.ApplicationProperties[StoreEventApplicationProperties.PriorityShipping] = storeEvent.PriorityShipping;
        return message;
    }

    /// <exception cref="StoreEventTooLargeException">An event cannot fit into a message; the ones before it were sent.</exception>
    /// <exception cref="StoreEventSendException">The broker refused or could not be reached part-way.</exception>
    public async Task SendAsync(IReadOnlyList<OutgoingStoreEvent> events, CancellationToken cancellationToken)
    {
        var sent = 0;
        while (sent < events.Count)
        {
            using var batch = await sender.CreateMessageBatchAsync(cancellationToken).ConfigureAwait(false);
            while (sent + batch.Count < events.Count && batch.TryAddMessage(ToMessage(events[sent + batch.Count])))
            {
            }

            if (batch.Count == 0)
            {
                throw new StoreEventTooLargeException(events[sent].Id, batch.MaxSizeInBytes);
            }

            try
            {
                await sender.SendMessagesAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            catch (ServiceBusException exception)
            {
                throw new StoreEventSendException(sent, events.Count, exception);
            }

            sent += batch.Count;
            Interlocked.Add(ref _sent, batch.Count);
            EventsSent.Add(batch.Count);
        }
    }
}
