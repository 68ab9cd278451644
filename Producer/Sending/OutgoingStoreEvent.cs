using Producer.Generation;

namespace Producer.Sending;

/// <summary>One store event on its way to the queue: its type, ids, shipping priority and the exact JSON body to send.</summary>
/// <param name="RequestId">The request the event belongs to; it becomes the message's CorrelationId.</param>
public sealed record OutgoingStoreEvent(string EventType, string Id, string RequestId, bool PriorityShipping, ReadOnlyMemory<byte> Body)
{
    /// <summary>A generated event (good or deliberately bad: both are sent, the consumer dead-letters the bad ones).</summary>
    public static OutgoingStoreEvent From(GeneratedStoreEvent generated) =>
        // The generator uses the event id as the request id, like the reference.
        new(generated.EventType, generated.Id, generated.Id, generated.PriorityShipping, generated.Body);
}
