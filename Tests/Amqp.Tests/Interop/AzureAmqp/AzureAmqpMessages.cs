using AzureAccepted = Microsoft.Azure.Amqp.Framing.Accepted;
using AzureAmqpException = Microsoft.Azure.Amqp.AmqpException;
using AzureAmqpSequence = Microsoft.Azure.Amqp.Framing.AmqpSequence;
using AzureAmqpValue = Microsoft.Azure.Amqp.Framing.AmqpValue;
using AzureData = Microsoft.Azure.Amqp.Framing.Data;
using AzureDeliveryState = Microsoft.Azure.Amqp.Framing.DeliveryState;
using AzureError = Microsoft.Azure.Amqp.Framing.Error;
using AzureMessage = Microsoft.Azure.Amqp.AmqpMessage;
using AzureModified = Microsoft.Azure.Amqp.Framing.Modified;
using AzureOutcome = Microsoft.Azure.Amqp.Framing.Outcome;
using AzureRejected = Microsoft.Azure.Amqp.Framing.Rejected;
using AzureReleased = Microsoft.Azure.Amqp.Framing.Released;
using AzureSymbol = Microsoft.Azure.Amqp.Encoding.AmqpSymbol;

namespace Amqp.Tests.Interop.AzureAmqp;

/// <summary>Between the neutral interop shapes and Microsoft.Azure.Amqp's message, outcome and error types.</summary>
internal static class AzureAmqpMessages
{
    public static AzureMessage ToAzure(InteropMessage message)
    {
        var azure = message.BodyKind switch
        {
            InteropBodyKind.Data => AzureMessage.Create(new AzureData { Value = new ArraySegment<byte>(message.Data) }),
            InteropBodyKind.Value => AzureMessage.Create(new AzureAmqpValue { Value = ToAzure(message.Value) }),
            _ => AzureMessage.Create([new AzureAmqpSequence(message.Sequence.Select(ToAzure).ToList())]),
        };
        if (message.Durable is not null || message.Priority is not null || message.Ttl is not null)
        {
            azure.Header.Durable = message.Durable;
            azure.Header.Priority = message.Priority;
            azure.Header.Ttl = message.Ttl;
        }

        // The library's MessageId, Address and AmqpSymbol convert from string and do not take null.
        var properties = azure.Properties;
        properties.MessageId = message.MessageId;
        if (message.To is not null)
        {
            properties.To = message.To;
        }

        if (message.ReplyTo is not null)
        {
            properties.ReplyTo = message.ReplyTo;
        }

        if (message.CorrelationId is not null)
        {
            properties.CorrelationId = message.CorrelationId;
        }

        if (message.ContentType is not null)
        {
            properties.ContentType = message.ContentType;
        }

        properties.Subject = message.Subject;

        properties.CreationTime = message.CreationTime;
        properties.AbsoluteExpiryTime = message.AbsoluteExpiryTime;
        properties.GroupId = message.GroupId;
        properties.GroupSequence = message.GroupSequence;
        properties.ReplyToGroupId = message.ReplyToGroupId;
        foreach (var (key, value) in message.ApplicationProperties)
        {
            azure.ApplicationProperties.Map[key] = ToAzure(value);
        }

        foreach (var (key, value) in message.MessageAnnotations)
        {
            azure.MessageAnnotations.Map[new AzureSymbol(key)] = ToAzure(value);
        }

        return azure;
    }

    public static InteropMessage FromAzure(AzureMessage azure)
    {
        var header = azure.Header;
        var properties = azure.Properties;
        return new InteropMessage
        {
            Durable = header?.Durable,
            Priority = header?.Priority,
            Ttl = header?.Ttl,
            MessageId = properties?.MessageId?.ToString(),
            To = properties?.To?.ToString(),
            Subject = properties?.Subject,
            ReplyTo = properties?.ReplyTo?.ToString(),
            CorrelationId = properties?.CorrelationId?.ToString(),
            ContentType = properties?.ContentType.Value,
            CreationTime = properties?.CreationTime,
            AbsoluteExpiryTime = properties?.AbsoluteExpiryTime,
            GroupId = properties?.GroupId,
            GroupSequence = properties?.GroupSequence,
            ReplyToGroupId = properties?.ReplyToGroupId,
            ApplicationProperties = azure.ApplicationProperties?.Map.ToDictionary(p => p.Key.ToString(), p => FromAzure(p.Value)) ?? [],
            MessageAnnotations = azure.MessageAnnotations?.Map.ToDictionary(p => p.Key.ToString(), p => FromAzure(p.Value)) ?? [],
            BodyKind = azure.DataBody is not null ? InteropBodyKind.Data : azure.ValueBody is not null ? InteropBodyKind.Value : InteropBodyKind.Sequence,
            Data = azure.DataBody is { } data ? data.SelectMany(d => ((ArraySegment<byte>)d.Value).ToArray()).ToArray() : [],
            Value = FromAzure(azure.ValueBody?.Value),
            Sequence = azure.SequenceBody is { } sequence ? sequence.SelectMany(s => s.List.Cast<object?>()).Select(FromAzure).ToList() : [],
        };
    }

    public static AzureOutcome ToAzure(InteropOutcome outcome) => outcome.Kind switch
    {
        "accepted" => new AzureAccepted(),
        "rejected" => new AzureRejected { Error = ToAzure(new InteropError(outcome.Condition, outcome.Description)) },
        "released" => new AzureReleased(),
        "modified" => new AzureModified { DeliveryFailed = outcome.DeliveryFailed, UndeliverableHere = outcome.UndeliverableHere },
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not an outcome a receiver gives."),
    };

    public static InteropOutcome FromAzure(AzureDeliveryState? state) => state switch
    {
        AzureAccepted => InteropOutcome.Accepted,
        AzureRejected rejected => new InteropOutcome("rejected", rejected.Error?.Condition.Value, rejected.Error?.Description),
        AzureReleased => InteropOutcome.Released,
        AzureModified modified => new InteropOutcome("modified", DeliveryFailed: modified.DeliveryFailed ?? false, UndeliverableHere: modified.UndeliverableHere ?? false),
        null => new InteropOutcome("none"),
        _ => new InteropOutcome(state.GetType().Name),
    };

    public static AzureError ToAzure(InteropError error) => new() { Condition = new AzureSymbol(error.Condition), Description = error.Description };

    public static InteropError? FromAzure(AzureError? error) => error is null ? null : new InteropError(error.Condition.Value, error.Description);

    /// <summary>The error a closed link or connection carries: the library keeps the peer's error in an AmqpException.</summary>
    public static InteropError? FromAzure(Exception? terminal) => terminal is AzureAmqpException { Error: { } error } ? FromAzure(error) : null;

    // The library encodes binary from ArraySegment<byte> and decodes it to one.
    private static object? ToAzure(object? value) => value is byte[] bytes ? new ArraySegment<byte>(bytes) : value;

    private static object? FromAzure(object? value) => value is ArraySegment<byte> bytes ? bytes.ToArray() : value;
}
