namespace Producer.Sending;

/// <summary>A store event whose message does not fit into an empty batch, so it can never be sent.</summary>
public sealed class StoreEventTooLargeException(string eventId, long maxBatchSizeInBytes)
    : Exception($"Store event {eventId} does not fit into a message of at most {maxBatchSizeInBytes} bytes; nothing of it was sent.")
{
    public string EventId { get; } = eventId;
}
