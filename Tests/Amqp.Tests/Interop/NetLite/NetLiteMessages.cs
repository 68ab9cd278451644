extern alias NetLite;
using LiteAccepted = NetLite::Amqp.Framing.Accepted;
using LiteAmqpSequence = NetLite::Amqp.Framing.AmqpSequence;
using LiteAmqpValue = NetLite::Amqp.Framing.AmqpValue;
using LiteApplicationProperties = NetLite::Amqp.Framing.ApplicationProperties;
using LiteData = NetLite::Amqp.Framing.Data;
using LiteDeliveryState = NetLite::Amqp.Framing.DeliveryState;
using LiteError = NetLite::Amqp.Framing.Error;
using LiteHeader = NetLite::Amqp.Framing.Header;
using LiteMessage = NetLite::Amqp.Message;
using LiteMessageAnnotations = NetLite::Amqp.Framing.MessageAnnotations;
using LiteModified = NetLite::Amqp.Framing.Modified;
using LiteProperties = NetLite::Amqp.Framing.Properties;
using LiteRejected = NetLite::Amqp.Framing.Rejected;
using LiteReleased = NetLite::Amqp.Framing.Released;
using LiteSymbol = NetLite::Amqp.Types.Symbol;

namespace Amqp.Tests.Interop.NetLite;

/// <summary>Between the neutral interop shapes and AMQPNetLite's message, outcome and error types.</summary>
internal static class NetLiteMessages
{
    public static LiteMessage ToLite(InteropMessage message)
    {
        var lite = new LiteMessage();
        if (message.Durable is not null || message.Priority is not null || message.Ttl is not null)
        {
            lite.Header = new LiteHeader();
            if (message.Durable is { } durable)
            {
                lite.Header.Durable = durable;
            }

            if (message.Priority is { } priority)
            {
                lite.Header.Priority = priority;
            }

            if (message.Ttl is { } ttl)
            {
                lite.Header.Ttl = ttl;
            }
        }

        lite.Properties = new LiteProperties { MessageId = message.MessageId };
        SetIfPresent(message.To, v => lite.Properties.To = v);
        SetIfPresent(message.Subject, v => lite.Properties.Subject = v);
        SetIfPresent(message.ReplyTo, v => lite.Properties.ReplyTo = v);
        SetIfPresent(message.CorrelationId, v => lite.Properties.CorrelationId = v);
        SetIfPresent(message.ContentType, v => lite.Properties.ContentType = new LiteSymbol(v));
        SetIfPresent(message.GroupId, v => lite.Properties.GroupId = v);
        SetIfPresent(message.ReplyToGroupId, v => lite.Properties.ReplyToGroupId = v);
        if (message.CreationTime is { } created)
        {
            lite.Properties.CreationTime = created;
        }

        if (message.AbsoluteExpiryTime is { } expires)
        {
            lite.Properties.AbsoluteExpiryTime = expires;
        }

        if (message.GroupSequence is { } sequence)
        {
            lite.Properties.GroupSequence = sequence;
        }

        if (message.ApplicationProperties.Count > 0)
        {
            lite.ApplicationProperties = new LiteApplicationProperties();
            foreach (var (key, value) in message.ApplicationProperties)
            {
                lite.ApplicationProperties.Map[key] = value;
            }
        }

        if (message.MessageAnnotations.Count > 0)
        {
            lite.MessageAnnotations = new LiteMessageAnnotations();
            foreach (var (key, value) in message.MessageAnnotations)
            {
                lite.MessageAnnotations.Map[new LiteSymbol(key)] = value;
            }
        }

        lite.BodySection = message.BodyKind switch
        {
            InteropBodyKind.Data => new LiteData { Binary = message.Data },
            InteropBodyKind.Value => new LiteAmqpValue { Value = message.Value },
            _ => new LiteAmqpSequence { List = message.Sequence.ToList() },
        };
        return lite;
    }

    public static InteropMessage FromLite(LiteMessage lite)
    {
        var header = lite.Header;
        var properties = lite.Properties;
        return new InteropMessage
        {
            Durable = header?.HasField(0) == true ? header.Durable : null,
            Priority = header?.HasField(1) == true ? header.Priority : null,
            Ttl = header?.HasField(2) == true ? header.Ttl : null,
            MessageId = properties?.MessageId,
            To = properties?.To,
            Subject = properties?.Subject,
            ReplyTo = properties?.ReplyTo,
            CorrelationId = properties?.CorrelationId,
            ContentType = properties?.ContentType?.ToString(),
            AbsoluteExpiryTime = properties?.HasField(8) == true ? properties.AbsoluteExpiryTime : null,
            CreationTime = properties?.HasField(9) == true ? properties.CreationTime : null,
            GroupId = properties?.GroupId,
            GroupSequence = properties?.HasField(11) == true ? properties.GroupSequence : null,
            ReplyToGroupId = properties?.ReplyToGroupId,
            ApplicationProperties = lite.ApplicationProperties?.Map.ToDictionary(p => p.Key.ToString()!, p => (object?)p.Value) ?? [],
            MessageAnnotations = lite.MessageAnnotations?.Map.ToDictionary(p => p.Key.ToString()!, p => (object?)p.Value) ?? [],
            BodyKind = lite.BodySection switch
            {
                LiteData => InteropBodyKind.Data,
                LiteAmqpValue => InteropBodyKind.Value,
                _ => InteropBodyKind.Sequence,
            },
            Data = lite.BodySection is LiteData data ? data.Binary : [],
            Value = lite.BodySection is LiteAmqpValue value ? value.Value : null,
            Sequence = lite.BodySection is LiteAmqpSequence list ? list.List.Cast<object?>().ToList() : [],
        };
    }

    public static LiteDeliveryState ToLite(InteropOutcome outcome) => outcome.Kind switch
    {
        "accepted" => new LiteAccepted(),
        "rejected" => new LiteRejected { Error = ToLite(new InteropError(outcome.Condition, outcome.Description)) },
        "released" => new LiteReleased(),
        "modified" => new LiteModified { DeliveryFailed = outcome.DeliveryFailed, UndeliverableHere = outcome.UndeliverableHere },
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not an outcome a receiver gives."),
    };

    public static InteropOutcome FromLite(LiteDeliveryState? state) => state switch
    {
        LiteAccepted => InteropOutcome.Accepted,
        LiteRejected rejected => new InteropOutcome("rejected", rejected.Error?.Condition?.ToString(), rejected.Error?.Description),
        LiteReleased => InteropOutcome.Released,
        LiteModified modified => new InteropOutcome("modified", DeliveryFailed: modified.DeliveryFailed, UndeliverableHere: modified.UndeliverableHere),
        null => new InteropOutcome("none"),
        _ => new InteropOutcome(state.GetType().Name),
    };

    public static LiteError ToLite(InteropError error) => new(new LiteSymbol(error.Condition)) { Description = error.Description };

    public static InteropError? FromLite(LiteError? error) => error is null ? null : new InteropError(error.Condition?.ToString(), error.Description);

    private static void SetIfPresent(string? value, Action<string> set)
    {
        if (value is not null)
        {
            set(value);
        }
    }
}
