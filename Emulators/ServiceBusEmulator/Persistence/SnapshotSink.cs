using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Persistence;

/// <summary>Collects the compaction snapshot's records, flushing them to the file in chunks.</summary>
internal sealed class SnapshotSink(MemoryStream buffer, BinaryWriter writer, FileStream file)
{
    private const int ChunkSize = 1 << 20;

    public void Put(string storeKey, BrokerMessage message) =>
        Append(w => JournalRecordCodec.WritePut(w, storeKey, message));

    public void SessionState(string storeKey, string sessionId, byte[]? state) =>
        Append(w => MessageJournal.WriteSessionStateRecord(w, storeKey, sessionId, state));

    public void Sequence(string key, long lastSequenceNumber) => Append(w =>
    {
        w.Write((byte)JournalRecordKind.Sequence);
        w.Write(key);
        w.Write(lastSequenceNumber);
    });

    public void Duplicate(string key, string messageId, DateTimeOffset seenAt) => Append(w =>
    {
        w.Write((byte)JournalRecordKind.Duplicate);
        w.Write(key);
        w.Write(messageId);
        w.Write(seenAt.UtcTicks);
    });

    private void Append(Action<BinaryWriter> write)
    {
        MessageJournal.AppendRecord(buffer, writer, write);
        if (buffer.Length >= ChunkSize)
        {
            file.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            buffer.SetLength(0);
        }
    }
}
