using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Persistence;

/// <summary>
/// Where the broker records every state change it acknowledges. Writes happen under the broker's lock (so the
/// journal's order is the broker's order) and return a ticket; the broker releases its lock and then waits for
/// the ticket to be durable before acknowledging, which lets concurrent operations share one fsync.
/// </summary>
internal interface IMessageJournal : IAsyncDisposable
{
    long WritePut(string storeKey, BrokerMessage message);

    long WriteDelete(string storeKey, long sequenceNumber);

    long WriteSessionState(string storeKey, string sessionId, byte[]? state);

    long WriteSequence(string storeKey, long lastSequenceNumber);

    ValueTask WaitDurableAsync(long ticket);
}
