using Amqp.Messaging;
using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Amqp;

/// <summary>
/// Encodes a stored message for delivery (brief §6.3): a new header (delivery-count = previous attempts), the
/// message annotations plus the broker's <c>x-opt-*</c> values, the application-properties re-encoded only when the
/// broker changed them, the properties section only when the broker assigned or changed a system property; every
/// other section (the body above all) is copied through as the client's original bytes.
/// </summary>
internal static class DeliveryEncoder
{
    public static byte[] Encode(BrokerMessage message, bool locked, bool withState)
    {
        // A message that expires carries the broker's expiry, not the sender's: the entity default applies when the sender
        // set no time-to-live and caps a longer one, and ExpiresAt counts from the enqueued time, as Azure delivers it.
        var expires = message.ExpiresAt != DateTimeOffset.MaxValue;
        var rewritesSystemProperties = message.SystemPropertiesModified || expires;
        var rewritesProperties = rewritesSystemProperties
            || message.ModifiedApplicationProperties.Count > 0 || message.RemovedApplicationProperties.Count > 0;
        // The common case touches only the header and annotations: decode just those two sections.
        var original = rewritesProperties ? AmqpMessage.Decode(message.EncodedMessage) : DecodeHeaderAndAnnotations(message.EncodedMessage.Span);
        var header = original.Header ?? new Header();
        header.DeliveryCount = (uint)Math.Max(0, message.DeliveryCount);
        var timeToLive = message.ExpiresAt - message.EnqueuedTime;
        if (expires)
        {
            header.Ttl = timeToLive.TotalMilliseconds <= uint.MaxValue ? (uint)timeToLive.TotalMilliseconds : null;
        }

        var annotations = new MessageAnnotations(original.MessageAnnotations is { } existing ? Copy(existing.Map) : new AmqpMap());
        annotations[ServiceBusAmqpNames.SequenceNumber] = message.SequenceNumber;
        annotations[ServiceBusAmqpNames.EnqueuedTime] = AmqpTimestamp.FromDateTimeOffset(message.EnqueuedTime);
        annotations[ServiceBusAmqpNames.EnqueueSequenceNumber] = message.EnqueuedSequenceNumber;
        if (locked)
        {
            annotations[ServiceBusAmqpNames.LockedUntil] = AmqpTimestamp.FromDateTimeOffset(message.LockedUntil);
        }

        if (withState)
        {
            annotations[ServiceBusAmqpNames.MessageState] = (int)message.State;
        }

        if (message.DeadLetterSource is { } source)
        {
            annotations[ServiceBusAmqpNames.DeadLetterSource] = source;
        }

        ApplicationProperties? application = null;
        if (message.ModifiedApplicationProperties.Count > 0 || message.RemovedApplicationProperties.Count > 0)
        {
            var map = original.ApplicationProperties is { } existingProperties ? Copy(existingProperties.Map) : new AmqpMap();
            foreach (var removed in message.RemovedApplicationProperties)
            {
                map.Remove(removed);
            }

            foreach (var (name, value) in message.ModifiedApplicationProperties)
            {
                map[name] = value;
            }

            application = new ApplicationProperties(map);
        }

        Properties? properties = null;
        if (rewritesSystemProperties)
        {
            properties = original.Properties ?? new Properties();
            if (expires)
            {
                properties.CreationTime = AmqpTimestamp.FromDateTimeOffset(message.EnqueuedTime);
                properties.AbsoluteExpiryTime = AmqpTimestamp.FromDateTimeOffset(message.ExpiresAt);
            }

            properties.MessageId ??= message.MessageId;
            properties.CorrelationId = Changed(properties.CorrelationId, message.CorrelationId);
            properties.To = Changed(properties.To, message.To);
            properties.ReplyTo = Changed(properties.ReplyTo, message.ReplyTo);
            properties.Subject = message.Subject;
            properties.GroupId = message.SessionId;
            properties.ReplyToGroupId = message.ReplyToSessionId;
            properties.ContentType = message.ContentType is null ? (AmqpSymbol?)null : new AmqpSymbol(message.ContentType);
        }

        using var writer = new AmqpWriter(message.EncodedMessage.Length + 256);
        Write(message.EncodedMessage.Span, writer, header, annotations, properties, application);
        return writer.WrittenSpan.ToArray();
    }

    private static AmqpMessage DecodeHeaderAndAnnotations(ReadOnlySpan<byte> payload)
    {
        var decoded = new AmqpMessage();
        var sections = new MessageSectionReader(payload);
        while (sections.TryRead(out var section) && section.Code <= MessageSectionCode.MessageAnnotations)
        {
            if (section.Code is not (MessageSectionCode.Header or MessageSectionCode.MessageAnnotations))
            {
                continue;
            }

            var reader = new AmqpReader(payload.Slice(section.Offset, section.Length));
            reader.ReadFormatCode(); // the described-value constructor
            reader.SkipValue();      // the descriptor
            if (section.Code == MessageSectionCode.Header)
            {
                decoded.Header = new Header();
                decoded.Header.DecodeBody(ref reader);
            }
            else
            {
                decoded.MessageAnnotations = new MessageAnnotations(reader.ReadMap());
            }
        }

        return decoded;
    }

    /// <summary>Keeps the original value (and its AMQP type) unless the broker changed its text.</summary>
    private static object? Changed(object? original, string? current) =>
        BrokerMessageDecoder.IdText(original) == current ? original : current;

    private static AmqpMap Copy(AmqpMap map)
    {
        var copy = new AmqpMap(map.Count + 6);
        foreach (var (key, value) in map)
        {
            copy[key] = value;
        }

        return copy;
    }

    private static void Write(
        ReadOnlySpan<byte> payload, AmqpWriter output, Header header, MessageAnnotations annotations,
        Properties? properties, ApplicationProperties? application)
    {
        var reader = new MessageSectionReader(payload);
        var pending = 0; // index into the replacement sequence below, in section order
        while (reader.TryRead(out var section))
        {
            pending = WriteReplacementsBefore(section.Code, pending, output, header, annotations, properties, application);
            var replaced = section.Code switch
            {
                MessageSectionCode.Header or MessageSectionCode.MessageAnnotations => true,
                MessageSectionCode.Properties => properties is not null,
                MessageSectionCode.ApplicationProperties => application is not null,
                _ => false,
            };
            if (!replaced)
            {
                output.WriteRaw(payload.Slice(section.Offset, section.Length));
            }
        }

        WriteReplacementsBefore(ulong.MaxValue, pending, output, header, annotations, properties, application);
    }

    /// <summary>Writes the replacement sections whose code is at or below <paramref name="code"/> that are not written yet.</summary>
    private static int WriteReplacementsBefore(
        ulong code, int next, AmqpWriter output, Header header, MessageAnnotations annotations,
        Properties? properties, ApplicationProperties? application)
    {
        if (next == 0 && code >= MessageSectionCode.Header)
        {
            header.Encode(output);
            next = 1;
        }

        if (next == 1 && code >= MessageSectionCode.MessageAnnotations)
        {
            annotations.Encode(output);
            next = 2;
        }

        if (next == 2 && code >= MessageSectionCode.Properties)
        {
            properties?.Encode(output);
            next = 3;
        }

        if (next == 3 && code >= MessageSectionCode.ApplicationProperties)
        {
            application?.Encode(output);
            next = 4;
        }

        return next;
    }
}
