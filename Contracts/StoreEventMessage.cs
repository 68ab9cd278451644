using System.Text.Json;

namespace Contracts;

/// <summary>
/// A store event that passed validation, with its event type and the exact body bytes it arrived in
/// (the archive keeps those bytes, so the same event written again compares equal).
/// </summary>
public sealed record StoreEventMessage(string EventType, StoreEvent Event, ReadOnlyMemory<byte> Body)
{
    /// <summary>Serializes <paramref name="storeEvent"/> as the body of a message of type <paramref name="eventType"/>.</summary>
    public static StoreEventMessage Create(string eventType, StoreEvent storeEvent) =>
        new(eventType, storeEvent, JsonSerializer.SerializeToUtf8Bytes(storeEvent, StoreEventJsonContext.Default.StoreEvent));
}
