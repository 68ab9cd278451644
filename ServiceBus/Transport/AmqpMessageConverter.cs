namespace ServiceBus.Transport;

/// <summary>Maps <see cref="ServiceBusMessage"/> to AMQP sections and back, with the names and types of the wire brief §5.4 / §6.3.</summary>
internal static class AmqpMessageConverter
{
    public const uint BatchedMessageFormat = 0x80013700;

    public static readonly AmqpSymbol SequenceNumberName = new("x-opt-sequence-number");
    public static readonly AmqpSymbol EnqueuedTimeName = new("x-opt-enqueued-time");
    public static readonly AmqpSymbol LockedUntilName = new("x-opt-locked-until");
    public static readonly AmqpSymbol EnqueueSequenceNumberName = new("x-opt-enqueue-sequence-number");
    public static readonly AmqpSymbol ScheduledEnqueueTimeName = new("x-opt-scheduled-enqueue-time");
    public static readonly AmqpSymbol PartitionKeyName = new("x-opt-partition-key");
    public static readonly AmqpSymbol DeadLetterSourceName = new("x-opt-deadletter-source");
    public static readonly AmqpSymbol MessageStateName = new("x-opt-message-state");

    public static AmqpMessage ToAmqpMessage(ServiceBusMessage message)
    {
        var amqp = AmqpMessage.FromData(message.Body.ToMemory());
        var properties = new Properties
        {
            MessageId = message.MessageId,
            CorrelationId = message.CorrelationId,
            Subject = message.Subject,
            ContentType = message.ContentType is { } contentType ? new AmqpSymbol(contentType) : (AmqpSymbol?)null,
            To = message.To,
            ReplyTo = message.ReplyTo,
            GroupId = message.SessionId,
            ReplyToGroupId = message.ReplyToSessionId,
        };
        if (message.TimeToLive is { } ttl)
        {
            var milliseconds = ttl.TotalMilliseconds >= uint.MaxValue ? uint.MaxValue : (uint)Math.Max(0, ttl.TotalMilliseconds);
            amqp.Header = new Header { Ttl = milliseconds, Durable = true };
            var now = DateTimeOffset.UtcNow;
            properties.CreationTime = AmqpTimestamp.FromDateTimeOffset(now);
            properties.AbsoluteExpiryTime = ttl >= DateTimeOffset.MaxValue - now
                ? AmqpTimestamp.FromDateTimeOffset(DateTimeOffset.MaxValue)
                : AmqpTimestamp.FromDateTimeOffset(now + ttl);
        }

        amqp.Properties = properties;
        if (message.ScheduledEnqueueTime != default || message.PartitionKey is not null)
        {
            var annotations = new MessageAnnotations();
            if (message.ScheduledEnqueueTime != default)
            {
                annotations[ScheduledEnqueueTimeName] = AmqpTimestamp.FromDateTimeOffset(message.ScheduledEnqueueTime);
            }

            if (message.PartitionKey is not null)
            {
                annotations[PartitionKeyName] = message.PartitionKey;
            }

            amqp.MessageAnnotations = annotations;
        }

        if (message.ApplicationProperties.Count > 0)
        {
            var map = new AmqpMap(message.ApplicationProperties.Count);
            foreach (var (key, value) in message.ApplicationProperties)
            {
                map[key] = ToAmqpValue(value, key);
            }

            amqp.ApplicationProperties = new ApplicationProperties(map);
        }

        return amqp;
    }

    public static byte[] Encode(AmqpMessage message)
    {
        using var writer = new AmqpWriter(512);
        message.Encode(writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The batched-format envelope (0x80013700): one data section per encoded message, carrying the first message's
    /// message-id, group-id and partition key as the Azure SDK does.
    /// </summary>
    public static AmqpMessage CreateBatchEnvelope(IReadOnlyList<byte[]> encodedMessages, ServiceBusMessage first)
    {
        var envelope = new AmqpMessage { DataBody = new List<Data>(encodedMessages.Count) };
        foreach (var encoded in encodedMessages)
        {
            envelope.DataBody.Add(new Data(encoded));
        }

        if (first.MessageId is not null || first.SessionId is not null)
        {
            envelope.Properties = new Properties { MessageId = first.MessageId, GroupId = first.SessionId };
        }

        if (first.PartitionKey is not null)
        {
            envelope.MessageAnnotations = new MessageAnnotations { [PartitionKeyName] = first.PartitionKey };
        }

        return envelope;
    }

    /// <summary>The bytes a data section holding <paramref name="length"/> bytes adds to an envelope.</summary>
    public static long DataSectionOverhead(int length) => 3 + (length <= byte.MaxValue ? 2 : 5);

    public static ServiceBusReceivedMessage ToReceivedMessage(AmqpMessage amqp, Guid lockToken, bool isPeeked)
    {
        var message = new ServiceBusReceivedMessage { LockTokenGuid = lockToken };
        message.Body = amqp switch
        {
            { DataBody: [var only] } => new BinaryData(only.Binary.ToArray()),
            { DataBody: { Count: > 1 } sections } => new BinaryData(sections.SelectMany(s => s.Binary.ToArray()).ToArray()),
            { ValueBody.Value: byte[] bytes } => new BinaryData(bytes),
            { ValueBody.Value: string text } => BinaryData.FromString(text),
            _ => new BinaryData(ReadOnlyMemory<byte>.Empty),
        };

        if (amqp.Properties is { } properties)
        {
            message.MessageId = IdToString(properties.MessageId);
            message.CorrelationId = IdToString(properties.CorrelationId);
            message.Subject = properties.Subject;
            message.ContentType = properties.ContentType?.Value;
            message.To = IdToString(properties.To);
            message.ReplyTo = IdToString(properties.ReplyTo);
            message.SessionId = properties.GroupId;
            message.ReplyToSessionId = properties.ReplyToGroupId;
        }

        if (amqp.Header is { } header)
        {
            if (header.Ttl is { } ttl)
            {
                message.TimeToLive = TimeSpan.FromMilliseconds(ttl);
            }

            // The header counts previous attempts; a received message shows this delivery too (as the Azure SDK does).
            var previous = (int)(header.DeliveryCount ?? 0);
            message.DeliveryCount = isPeeked ? previous : previous + 1;
        }
        else
        {
            message.DeliveryCount = isPeeked ? 0 : 1;
        }

        if (amqp.MessageAnnotations?.Map is { } annotations)
        {
            foreach (var (key, value) in annotations)
            {
                var name = key switch { AmqpSymbol symbol => symbol.Value, string text => text, _ => null };
                switch (name)
                {
                    case "x-opt-sequence-number": message.SequenceNumber = Convert.ToInt64(value); break;
                    case "x-opt-enqueue-sequence-number": message.EnqueuedSequenceNumber = Convert.ToInt64(value); break;
                    case "x-opt-enqueued-time": message.EnqueuedTime = ToDateTimeOffset(value); break;
                    case "x-opt-locked-until": message.LockedUntil = ToDateTimeOffset(value); break;
                    case "x-opt-scheduled-enqueue-time": message.ScheduledEnqueueTime = ToDateTimeOffset(value); break;
                    case "x-opt-partition-key": message.PartitionKey = value as string; break;
                    case "x-opt-deadletter-source": message.DeadLetterSource = value as string; break;
                    case "x-opt-message-state": message.State = (ServiceBusMessageState)Convert.ToInt32(value); break;
                }
            }
        }

        var applicationProperties = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (amqp.ApplicationProperties?.Map is { } map)
        {
            foreach (var (key, value) in map)
            {
                applicationProperties[key.ToString()!] = FromAmqpValue(value);
            }
        }

        message.ApplicationProperties = applicationProperties;
        return message;
    }

    /// <summary>CLR values to AMQP types the broker keeps as they are (Azure's own described types for offsets, spans and URIs).</summary>
    public static object? ToAmqpValue(object? value, string key) => value switch
    {
        null => null,
        string or bool or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or Guid or char => value,
        decimal d => (double)d,
        byte[] bytes => bytes,
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        BinaryData data => data.ToArray(),
        DateTime dateTime => AmqpTimestamp.FromDateTime(dateTime.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dateTime, DateTimeKind.Utc) : dateTime.ToUniversalTime()),
        DateTimeOffset offset => AmqpTimestamp.FromDateTimeOffset(offset),
        TimeSpan span => new DescribedValue(new AmqpSymbol("com.microsoft:timespan"), span.Ticks),
        Uri uri => new DescribedValue(new AmqpSymbol("com.microsoft:uri"), uri.AbsoluteUri),
        _ => throw new ArgumentException($"Application property '{key}' has a value of type {value.GetType()}, which Service Bus cannot carry.", nameof(value)),
    };

    public static object? FromAmqpValue(object? value) => value switch
    {
        AmqpTimestamp timestamp => new DateTimeOffset(timestamp.ToDateTime(), TimeSpan.Zero).UtcDateTime,
        AmqpSymbol symbol => symbol.Value,
        DescribedValue { Descriptor: AmqpSymbol { Value: "com.microsoft:timespan" }, Value: long ticks } => TimeSpan.FromTicks(ticks),
        DescribedValue { Descriptor: AmqpSymbol { Value: "com.microsoft:uri" }, Value: string uri } => new Uri(uri),
        DescribedValue { Descriptor: AmqpSymbol { Value: "com.microsoft:datetime-offset" }, Value: long ticks } => new DateTimeOffset(ticks, TimeSpan.Zero),
        _ => value,
    };

    private static string? IdToString(object? id) => id switch
    {
        null => null,
        string text => text,
        byte[] bytes => Convert.ToHexString(bytes),
        _ => id.ToString(),
    };

    private static DateTimeOffset ToDateTimeOffset(object? value) => value switch
    {
        AmqpTimestamp timestamp => new DateTimeOffset(timestamp.ToDateTime(), TimeSpan.Zero),
        DateTime dateTime => new DateTimeOffset(dateTime.ToUniversalTime(), TimeSpan.Zero),
        long ms => DateTimeOffset.FromUnixTimeMilliseconds(ms),
        _ => default,
    };

    /// <summary>Delivery tags carry the lock token in .NET <see cref="Guid.ToByteArray()"/> order (wire brief §6.3).</summary>
    public static Guid LockTokenFromDeliveryTag(ReadOnlySpan<byte> tag) => tag.Length == 16 ? new Guid(tag) : Guid.Empty;

    public static byte[] DeliveryTagFromLockToken(Guid lockToken) => lockToken.ToByteArray();
}
