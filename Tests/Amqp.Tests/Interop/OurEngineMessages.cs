using Amqp.Framing;
using Amqp.Messaging;

namespace Amqp.Tests.Interop;

/// <summary>Between the neutral interop shapes and our engine's message, outcome and error types.</summary>
internal static class OurEngineMessages
{
    public static AmqpMessage ToOurs(InteropMessage message)
    {
        var ours = new AmqpMessage
        {
            Header = message.Durable is null && message.Priority is null && message.Ttl is null
                ? null
                : new Header { Durable = message.Durable, Priority = message.Priority, Ttl = message.Ttl },
            Properties = new Properties
            {
                MessageId = message.MessageId,
                To = message.To,
                Subject = message.Subject,
                ReplyTo = message.ReplyTo,
                CorrelationId = message.CorrelationId,
                ContentType = message.ContentType is null ? null : (AmqpSymbol?)new AmqpSymbol(message.ContentType),
                CreationTime = message.CreationTime is { } created ? AmqpTimestamp.FromDateTime(created) : null,
                AbsoluteExpiryTime = message.AbsoluteExpiryTime is { } expires ? AmqpTimestamp.FromDateTime(expires) : null,
                GroupId = message.GroupId,
                GroupSequence = message.GroupSequence,
                ReplyToGroupId = message.ReplyToGroupId,
            },
        };
        if (message.ApplicationProperties.Count > 0)
        {
            ours.ApplicationProperties = new ApplicationProperties();
            foreach (var (key, value) in message.ApplicationProperties)
            {
                ours.ApplicationProperties.Map[key] = ToOurs(value);
            }
        }

        if (message.MessageAnnotations.Count > 0)
        {
            ours.MessageAnnotations = new MessageAnnotations();
            foreach (var (key, value) in message.MessageAnnotations)
            {
                ours.MessageAnnotations.Map[new AmqpSymbol(key)] = ToOurs(value);
            }
        }

        switch (message.BodyKind)
        {
            case InteropBodyKind.Data:
                ours.DataBody = [new Data(message.Data)];
                break;
            case InteropBodyKind.Value:
                ours.ValueBody = new AmqpValue(ToOurs(message.Value));
                break;
            default:
                ours.SequenceBody = [new AmqpSequence(new AmqpList(message.Sequence.Select(ToOurs)))];
                break;
        }

        return ours;
    }

    public static InteropMessage FromOurs(AmqpMessage message) => new()
    {
        Durable = message.Header?.Durable,
        Priority = message.Header?.Priority,
        Ttl = message.Header?.Ttl,
        MessageId = message.Properties?.MessageId as string,
        To = message.Properties?.To as string,
        Subject = message.Properties?.Subject,
        ReplyTo = message.Properties?.ReplyTo as string,
        CorrelationId = message.Properties?.CorrelationId as string,
        ContentType = message.Properties?.ContentType?.Value,
        CreationTime = message.Properties?.CreationTime?.ToDateTime(),
        AbsoluteExpiryTime = message.Properties?.AbsoluteExpiryTime?.ToDateTime(),
        GroupId = message.Properties?.GroupId,
        GroupSequence = message.Properties?.GroupSequence,
        ReplyToGroupId = message.Properties?.ReplyToGroupId,
        ApplicationProperties = message.ApplicationProperties?.Map.ToDictionary(p => p.Key.ToString()!, p => FromOurs(p.Value)) ?? [],
        MessageAnnotations = message.MessageAnnotations?.Map.ToDictionary(p => p.Key.ToString()!, p => FromOurs(p.Value)) ?? [],
        BodyKind = message.DataBody is not null ? InteropBodyKind.Data : message.ValueBody is not null ? InteropBodyKind.Value : InteropBodyKind.Sequence,
        Data = message.DataBody is { } data ? data.SelectMany(d => d.Binary.ToArray()).ToArray() : [],
        Value = FromOurs(message.ValueBody?.Value),
        Sequence = message.SequenceBody is { } sequence ? sequence.SelectMany(s => s.List).Select(FromOurs).ToList() : [],
    };

    public static DeliveryState ToOurs(InteropOutcome outcome) => outcome.Kind switch
    {
        "accepted" => Accepted.Instance,
        "rejected" => new Rejected { Error = new Error(new AmqpSymbol(outcome.Condition!), outcome.Description) },
        "released" => Released.Instance,
        "modified" => new Modified { DeliveryFailed = outcome.DeliveryFailed, UndeliverableHere = outcome.UndeliverableHere },
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not an outcome a receiver gives."),
    };

    public static InteropOutcome FromOurs(DeliveryState? state) => state switch
    {
        Accepted => InteropOutcome.Accepted,
        Rejected rejected => new InteropOutcome("rejected", rejected.Error?.Condition?.Value, rejected.Error?.Description),
        Released => InteropOutcome.Released,
        Modified modified => new InteropOutcome("modified", DeliveryFailed: modified.DeliveryFailed ?? false, UndeliverableHere: modified.UndeliverableHere ?? false),
        null => new InteropOutcome("none"),
        _ => new InteropOutcome(state.GetType().Name),
    };

    public static Error ToOurs(InteropError error) => new(new AmqpSymbol(error.Condition!), error.Description);

    public static InteropError? FromOurs(Error? error) => error is null ? null : new InteropError(error.Condition?.Value, error.Description);

    private static object? ToOurs(object? value) => value is DateTime time ? AmqpTimestamp.FromDateTime(time) : value;

    private static object? FromOurs(object? value) => value is AmqpTimestamp timestamp ? timestamp.ToDateTime() : value;
}
