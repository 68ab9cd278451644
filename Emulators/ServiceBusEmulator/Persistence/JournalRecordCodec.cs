using System.Buffers.Binary;
using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Persistence;

/// <summary>
/// The journal's record format: <c>[int32 payload length][uint32 CRC-32 of payload][payload]</c>, the payload
/// starting with a <see cref="JournalRecordKind"/>. A record that is cut short or fails its CRC marks the end of
/// the valid journal (a write torn by a crash), never an error.
/// </summary>
internal static class JournalRecordCodec
{
    public const int HeaderSize = 8;
    public const int MaxPayloadSize = 128 * 1024 * 1024;

    public static void WritePut(BinaryWriter writer, string storeKey, BrokerMessage message)
    {
        writer.Write((byte)JournalRecordKind.Put);
        writer.Write(storeKey);
        writer.Write(message.SequenceNumber);
        writer.Write(message.EnqueuedSequenceNumber);
        writer.Write(message.EnqueuedTime.UtcTicks);
        writer.Write(message.ExpiresAt.UtcTicks);
        writer.Write(message.DeliveryCount);
        writer.Write((byte)message.State);
        writer.Write(message.ScheduledEnqueueTime?.UtcTicks ?? -1);
        writer.Write(message.TimeToLive?.Ticks ?? -1);
        WriteString(writer, message.MessageId);
        WriteString(writer, message.SessionId);
        WriteString(writer, message.CorrelationId);
        WriteString(writer, message.ContentType);
        WriteString(writer, message.Subject);
        WriteString(writer, message.To);
        WriteString(writer, message.ReplyTo);
        WriteString(writer, message.ReplyToSessionId);
        WriteString(writer, message.PartitionKey);
        WriteString(writer, message.DeadLetterSource);
        writer.Write(message.SystemPropertiesModified);
        WriteProperties(writer, message.ApplicationProperties);
        WriteProperties(writer, message.ModifiedApplicationProperties);
        writer.Write(message.RemovedApplicationProperties.Count);
        foreach (var name in message.RemovedApplicationProperties)
        {
            writer.Write(name);
        }

        writer.Write(message.EncodedMessage.Length);
        writer.Write(message.EncodedMessage.Span);
    }

    public static (string StoreKey, BrokerMessage Message) ReadPut(BinaryReader reader)
    {
        var storeKey = reader.ReadString();
        var sequenceNumber = reader.ReadInt64();
        var enqueuedSequenceNumber = reader.ReadInt64();
        var enqueued = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        var expires = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        var deliveryCount = reader.ReadInt32();
        var state = (MessageState)reader.ReadByte();
        var scheduled = reader.ReadInt64();
        var ttl = reader.ReadInt64();
        var messageId = ReadString(reader);
        var sessionId = ReadString(reader);
        var correlationId = ReadString(reader);
        var contentType = ReadString(reader);
        var subject = ReadString(reader);
        var to = ReadString(reader);
        var replyTo = ReadString(reader);
        var replyToSessionId = ReadString(reader);
        var partitionKey = ReadString(reader);
        var deadLetterSource = ReadString(reader);
        var systemModified = reader.ReadBoolean();
        var properties = ReadProperties(reader);
        var modified = ReadProperties(reader);
        var removedCount = reader.ReadInt32();
        var removed = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < removedCount; i++)
        {
            removed.Add(reader.ReadString());
        }

        var body = reader.ReadBytes(reader.ReadInt32());
        var message = new BrokerMessage(body)
        {
            MessageId = messageId,
            SessionId = sessionId,
            CorrelationId = correlationId,
            ContentType = contentType,
            Subject = subject,
            To = to,
            ReplyTo = replyTo,
            ReplyToSessionId = replyToSessionId,
            PartitionKey = partitionKey,
            TimeToLive = ttl < 0 ? null : TimeSpan.FromTicks(ttl),
            ScheduledEnqueueTime = scheduled < 0 ? null : new DateTimeOffset(scheduled, TimeSpan.Zero),
            ApplicationProperties = properties,
            SequenceNumber = sequenceNumber,
            EnqueuedSequenceNumber = enqueuedSequenceNumber,
            EnqueuedTime = enqueued,
            ExpiresAt = expires,
            DeliveryCount = deliveryCount,
            State = state,
            DeadLetterSource = deadLetterSource,
            SystemPropertiesModified = systemModified,
        };
        message.RestoreOverlay(modified, removed);
        return (storeKey, message);
    }

    /// <summary>Frames a payload already written at <paramref name="start"/> of <paramref name="buffer"/> (after 8 reserved bytes).</summary>
    public static void Frame(MemoryStream buffer, long start)
    {
        var all = buffer.GetBuffer();
        var payloadLength = (int)(buffer.Position - start - HeaderSize);
        var payload = all.AsSpan((int)start + HeaderSize, payloadLength);
        BinaryPrimitives.WriteInt32LittleEndian(all.AsSpan((int)start), payloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(all.AsSpan((int)start + 4), Crc32.Compute(payload));
    }

    private static void WriteProperties(BinaryWriter writer, IReadOnlyDictionary<string, object?> properties)
    {
        writer.Write(properties.Count);
        foreach (var (name, value) in properties)
        {
            writer.Write(name);
            PropertyValueCodec.Write(writer, value);
        }
    }

    private static Dictionary<string, object?> ReadProperties(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        var properties = new Dictionary<string, object?>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            properties[name] = PropertyValueCodec.Read(reader);
        }

        return properties;
    }

    public static void WriteString(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    public static string? ReadString(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
