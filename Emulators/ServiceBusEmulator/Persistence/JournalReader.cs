using System.Buffers.Binary;
using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Persistence;

/// <summary>Replays a journal file into a <see cref="RecoveredState"/>, stopping quietly at a torn or corrupt tail.</summary>
internal static class JournalReader
{
    public static RecoveredState Read(string path)
    {
        var state = new RecoveredState();
        if (!File.Exists(path))
        {
            return state;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var header = new byte[JournalRecordCodec.HeaderSize];
        var payload = new byte[4096];
        long validEnd = 0;
        while (true)
        {
            if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            {
                break;
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(header);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            if (length <= 0 || length > JournalRecordCodec.MaxPayloadSize)
            {
                break;
            }

            if (payload.Length < length)
            {
                payload = new byte[Math.Max(length, payload.Length * 2)];
            }

            if (file.ReadAtLeast(payload.AsSpan(0, length), length, throwOnEndOfStream: false) < length
                || Crc32.Compute(payload.AsSpan(0, length)) != crc)
            {
                break;
            }

            Apply(state, payload, length);
            state.RecordCount++;
            validEnd = file.Position;
        }

        state.DiscardedBytes = file.Length - validEnd;
        return state;
    }

    private static void Apply(RecoveredState state, byte[] payload, int length)
    {
        using var reader = new BinaryReader(new MemoryStream(payload, 0, length, writable: false));
        var kind = (JournalRecordKind)reader.ReadByte();
        switch (kind)
        {
            case JournalRecordKind.Put:
            {
                var (storeKey, message) = JournalRecordCodec.ReadPut(reader);
                Store(state, storeKey)[message.SequenceNumber] = message;
                if (message.MessageId is not null)
                {
                    state.Duplicates.Add((storeKey, message.MessageId, message.EnqueuedTime));
                }

                break;
            }

            case JournalRecordKind.Delete:
            {
                var storeKey = reader.ReadString();
                Store(state, storeKey).Remove(reader.ReadInt64());
                break;
            }

            case JournalRecordKind.SessionState:
            {
                var storeKey = reader.ReadString();
                var sessionId = reader.ReadString();
                var stateBytes = reader.ReadBoolean() ? reader.ReadBytes(reader.ReadInt32()) : null;
                state.SessionStates[(storeKey, sessionId)] = stateBytes;
                break;
            }

            case JournalRecordKind.Sequence:
            {
                var key = reader.ReadString();
                var sequence = reader.ReadInt64();
                state.Sequences[key] = Math.Max(sequence, state.Sequences.GetValueOrDefault(key));
                break;
            }

            case JournalRecordKind.Duplicate:
                state.Duplicates.Add((reader.ReadString(), reader.ReadString(), new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero)));
                break;

            default:
                throw new InvalidDataException($"Journal record kind {kind} is unknown (written by a newer emulator?).");
        }
    }

    private static Dictionary<long, BrokerMessage> Store(RecoveredState state, string storeKey)
    {
        if (!state.Messages.TryGetValue(storeKey, out var store))
        {
            store = [];
            state.Messages.Add(storeKey, store);
        }

        return store;
    }
}
