using Amqp.Messaging;
using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Amqp;

/// <summary>
/// Turns an encoded bare message into a <see cref="BrokerMessage"/>: the bytes stay as sent, and the fields the broker
/// routes, filters and expires by are copied out of the header, message annotations, properties and
/// application-properties (brief §5.4). Application property values keep their exact CLR types.
/// </summary>
internal static class BrokerMessageDecoder
{
    /// <exception cref="AmqpException">The bytes are not a valid AMQP message.</exception>
    public static BrokerMessage Decode(ReadOnlyMemory<byte> encoded)
    {
        var message = AmqpMessage.Decode(encoded);
        var properties = message.Properties;
        var annotations = message.MessageAnnotations?.Map;
        var application = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (message.ApplicationProperties is { } applicationProperties)
        {
            foreach (var (key, value) in applicationProperties.Map)
            {
                var name = key switch
                {
                    string text => text,
                    AmqpSymbol symbol => symbol.Value,
                    _ => key.ToString() ?? string.Empty,
                };
                application[name] = value;
            }
        }

        return new BrokerMessage(encoded)
        {
            MessageId = IdText(properties?.MessageId),
            CorrelationId = IdText(properties?.CorrelationId),
            SessionId = properties?.GroupId,
            ContentType = properties?.ContentType?.Value,
            Subject = properties?.Subject,
            To = IdText(properties?.To),
            ReplyTo = IdText(properties?.ReplyTo),
            ReplyToSessionId = properties?.ReplyToGroupId,
            TimeToLive = message.Header?.Ttl is { } ttl ? TimeSpan.FromMilliseconds(ttl) : null,
            ScheduledEnqueueTime = TimeOf(annotations?.GetValueOrDefault(ServiceBusAmqpNames.ScheduledEnqueueTime)),
            PartitionKey = annotations?.GetValueOrDefault(ServiceBusAmqpNames.PartitionKey) as string,
            ApplicationProperties = application,
        };
    }

    /// <summary>Message ids may be string, ulong, uuid or binary on the wire; the broker compares their text.</summary>
    public static string? IdText(object? id) => id switch
    {
        null => null,
        string text => text,
        AmqpSymbol symbol => symbol.Value,
        byte[] bytes => Convert.ToHexString(bytes),
        Guid guid => guid.ToString(),
        _ => Convert.ToString(id, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static DateTimeOffset? TimeOf(object? value) => value switch
    {
        AmqpTimestamp timestamp => DateTimeOffset.FromUnixTimeMilliseconds(timestamp.MillisecondsSinceUnixEpoch),
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        DateTimeOffset time => time,
        long milliseconds => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
        _ => null,
    };
}
