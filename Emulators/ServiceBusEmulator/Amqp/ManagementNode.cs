using Amqp;
using Amqp.Messaging;
using ServiceBusEmulator.Administration;
using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Filters;

namespace ServiceBusEmulator.Amqp;

/// <summary>
/// An entity's <c>$management</c> node (brief §8.4): peek, renew-lock, schedule / cancel, receive deferred messages
/// by sequence number, update-disposition, the session operations, and a subscription's rules (add, remove, enumerate).
/// Types follow the table exactly (arrays where .NET reads arrays, lists where it reads lists, lock tokens as AMQP uuids
/// in RFC order); unknown operations are answered 501 not-implemented.
/// </summary>
internal sealed class ManagementNode(MessageBroker broker, string entityPath, ConnectionContext connection, AdministrationApi? administration)
{
    private const string Prefix = "com.microsoft:";

    public Task ServeAsync(ReceiverLink requests) =>
        RequestResponseLink.ServeAsync(requests, connection, entityPath + ServiceBusAmqpNames.ManagementSuffix, HandleAsync);

    private async ValueTask<AmqpMessage> HandleAsync(AmqpMessage request)
    {
        var operation = request.ApplicationProperties?.Map.GetValueOrDefault("operation") as string;
        var body = request.ValueBody?.Value as AmqpMap ?? new AmqpMap();
        AmqpMessage response;
        try
        {
            response = operation switch
            {
                Prefix + "peek-message" => Peek(body),
                Prefix + "renew-lock" => RenewLock(body),
                Prefix + "schedule-message" => await ScheduleAsync(body).ConfigureAwait(false),
                Prefix + "cancel-scheduled-message" => Result(await broker.CancelScheduledAsync(entityPath, Longs(body, "sequence-numbers")).ConfigureAwait(false)),
                Prefix + "receive-by-sequence-number" => ReceiveBySequenceNumber(body),
                Prefix + "update-disposition" => await UpdateDispositionAsync(body).ConfigureAwait(false),
                Prefix + "renew-session-lock" => RenewSessionLock(body),
                Prefix + "get-session-state" => GetSessionState(body),
                Prefix + "set-session-state" => Result(await broker.SetSessionStateAsync(entityPath, SessionId(body)!, Binary(body.GetValueOrDefault("session-state"))).ConfigureAwait(false)),
                Prefix + "get-message-sessions" => GetMessageSessions(body),
                Prefix + "add-rule" => await RecordedAsync(AddRule(body)).ConfigureAwait(false),
                Prefix + "remove-rule" => await RecordedAsync(Result(broker.RemoveRule(entityPath, (string)body["rule-name"]!))).ConfigureAwait(false),
                Prefix + "enumerate-rules" => EnumerateRules(body),
                _ => ManagementResponse.Error(501, BrokerCondition.NotImplemented, $"The management operation '{operation}' is not implemented by the emulator."),
            };
        }
        catch (SqlSyntaxException exception)
        {
            response = ManagementResponse.Error(400, BrokerCondition.ArgumentError, $"The rule's SQL does not parse: {exception.Message}");
        }
        catch (Exception exception) when (exception is InvalidCastException or KeyNotFoundException or FormatException or ArgumentException or NullReferenceException or AmqpException)
        {
            response = ManagementResponse.Error(400, BrokerCondition.ArgumentError, $"The request for '{operation}' is malformed: {exception.Message}");
        }

        if (request.ApplicationProperties?.Map.GetValueOrDefault("com.microsoft:tracking-id") is { } trackingId)
        {
            response.ApplicationProperties!["com.microsoft:tracking-id"] = trackingId;
        }

        return response;
    }

    private AmqpMessage Peek(AmqpMap body)
    {
        var from = Convert.ToInt64(body.GetValueOrDefault("from-sequence-number") ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        var count = Convert.ToInt32(body.GetValueOrDefault("message-count") ?? 1, System.Globalization.CultureInfo.InvariantCulture);
        var peeked = broker.Peek(entityPath, from, count, SessionId(body));
        if (!peeked.IsSuccess)
        {
            return ManagementResponse.Error(peeked.Error!);
        }

        if (peeked.Value.Count == 0)
        {
            return ManagementResponse.NoContent();
        }

        var messages = new AmqpList(peeked.Value.Count);
        foreach (var message in peeked.Value)
        {
            messages.Add(new AmqpMap { ["message"] = DeliveryEncoder.Encode(message, locked: false, withState: true) });
        }

        return ManagementResponse.Ok(new AmqpMap { ["messages"] = messages });
    }

    private AmqpMessage RenewLock(AmqpMap body)
    {
        var renewed = broker.RenewLock(entityPath, Guids(body, "lock-tokens"));
        if (!renewed.IsSuccess)
        {
            return ManagementResponse.Error(renewed.Error!);
        }

        var expirations = renewed.Value.Select(AmqpTimestamp.FromDateTimeOffset).ToArray();
        return ManagementResponse.Ok(new AmqpMap { ["expirations"] = AmqpArray.Of(expirations) });
    }

    private async ValueTask<AmqpMessage> ScheduleAsync(AmqpMap body)
    {
        var messages = new List<BrokerMessage>();
        foreach (var item in Items(body.GetValueOrDefault("messages")))
        {
            var entry = (AmqpMap)item!;
            messages.Add(BrokerMessageDecoder.Decode(Binary(entry.GetValueOrDefault("message")) ?? throw new FormatException("A scheduled message has no 'message'.")));
        }

        var scheduled = await broker.ScheduleAsync(entityPath, messages).ConfigureAwait(false);
        if (!scheduled.IsSuccess)
        {
            return ManagementResponse.Error(scheduled.Error!);
        }

        var sequenceNumbers = scheduled.Value.Select(outcome => outcome.SequenceNumber).ToArray();
        return ManagementResponse.Ok(new AmqpMap { ["sequence-numbers"] = AmqpArray.Of(sequenceNumbers) });
    }

    private AmqpMessage ReceiveBySequenceNumber(AmqpMap body)
    {
        var settleMode = body.GetValueOrDefault("receiver-settle-mode") is { } value
            ? Convert.ToUInt32(value, System.Globalization.CultureInfo.InvariantCulture)
            : 1u;
        var mode = settleMode == 0 ? ReceiveMode.ReceiveAndDelete : ReceiveMode.PeekLock;
        var received = broker.ReceiveDeferred(entityPath, Longs(body, "sequence-numbers"), mode, SessionId(body));
        if (!received.IsSuccess)
        {
            return ManagementResponse.Error(received.Error!);
        }

        var messages = new AmqpList(received.Value.Count);
        foreach (var message in received.Value)
        {
            var entry = new AmqpMap();
            if (mode == ReceiveMode.PeekLock)
            {
                entry["lock-token"] = message.LockToken;
            }

            entry["message"] = DeliveryEncoder.Encode(message, locked: mode == ReceiveMode.PeekLock, withState: true);
            messages.Add(entry);
        }

        return ManagementResponse.Ok(new AmqpMap { ["messages"] = messages });
    }

    private async ValueTask<AmqpMessage> UpdateDispositionAsync(AmqpMap body)
    {
        var status = body.GetValueOrDefault("disposition-status") as string;
        var properties = body.GetValueOrDefault("properties-to-modify") is AmqpMap map ? EntityReceiveLink.PropertiesOf(map) : null;
        foreach (var lockToken in Guids(body, "lock-tokens"))
        {
            var result = status switch
            {
                "completed" => await broker.CompleteAsync(entityPath, lockToken).ConfigureAwait(false),
                "abandoned" => await broker.AbandonAsync(entityPath, lockToken, properties).ConfigureAwait(false),
                "defered" or "deferred" => await broker.DeferAsync(entityPath, lockToken, properties).ConfigureAwait(false),
                "suspended" => await broker.DeadLetterAsync(entityPath, lockToken,
                    body.GetValueOrDefault("deadletter-reason") as string, body.GetValueOrDefault("deadletter-description") as string, properties).ConfigureAwait(false),
                _ => new BrokerError(BrokerCondition.ArgumentError, $"Unknown disposition-status '{status}'."),
            };
            if (!result.IsSuccess)
            {
                return ManagementResponse.Error(result.Error!);
            }
        }

        return ManagementResponse.Ok();
    }

    private AmqpMessage RenewSessionLock(AmqpMap body)
    {
        var renewed = broker.RenewSessionLock(entityPath, SessionId(body)!);
        return renewed.IsSuccess
            ? ManagementResponse.Ok(new AmqpMap { ["expiration"] = AmqpTimestamp.FromDateTimeOffset(renewed.Value) })
            : ManagementResponse.Error(renewed.Error!);
    }

    private AmqpMessage GetSessionState(AmqpMap body)
    {
        var state = broker.GetSessionState(entityPath, SessionId(body)!);
        return state.IsSuccess
            ? ManagementResponse.Ok(new AmqpMap { ["session-state"] = state.Value })
            : ManagementResponse.Error(state.Error!);
    }

    private AmqpMessage GetMessageSessions(AmqpMap body)
    {
        var sessions = broker.GetSessionIds(entityPath);
        if (!sessions.IsSuccess)
        {
            return ManagementResponse.Error(sessions.Error!);
        }

        var (skip, top) = PageOf(body);
        var page = sessions.Value.Skip(skip).Take(top).ToArray();
        return page.Length == 0
            ? ManagementResponse.NoContent()
            : ManagementResponse.Ok(new AmqpMap { ["skip"] = skip + page.Length, ["sessions-ids"] = AmqpArray.Of(page) });
    }

    /// <summary>A rule change that succeeded is logged like an administration request, so it persists with a data directory.</summary>
    private async Task<AmqpMessage> RecordedAsync(AmqpMessage response)
    {
        if (administration is not null && response.ApplicationProperties?.Map.GetValueOrDefault("statusCode") is 200)
        {
            await administration.RecordRuleChangesAsync(entityPath).ConfigureAwait(false);
        }

        return response;
    }

    private AmqpMessage AddRule(AmqpMap body)
    {
        var name = (string)body["rule-name"]!;
        var description = body.GetValueOrDefault("rule-description") as AmqpMap ?? throw new FormatException("The request has no rule-description map.");
        return Result(broker.AddRule(entityPath, RuleDescriptionCodec.Decode(name, description)));
    }

    private AmqpMessage EnumerateRules(AmqpMap body)
    {
        var rules = broker.GetRules(entityPath);
        if (!rules.IsSuccess)
        {
            return ManagementResponse.Error(rules.Error!);
        }

        var (skip, top) = PageOf(body);
        var page = rules.Value.Skip(skip).Take(top).ToList();
        if (page.Count == 0)
        {
            return ManagementResponse.NoContent();
        }

        var list = new AmqpList(page.Count);
        list.AddRange(page.Select(rule => (object?)new AmqpMap { ["rule-description"] = RuleDescriptionCodec.Encode(rule) }));
        return ManagementResponse.Ok(new AmqpMap { ["rules"] = list });
    }

    private static AmqpMessage Result(BrokerResult result) =>
        result.IsSuccess ? ManagementResponse.Ok() : ManagementResponse.Error(result.Error!);

    private static (int Skip, int Top) PageOf(AmqpMap body) =>
    (
        body.GetValueOrDefault("skip") is { } skip ? Convert.ToInt32(skip, System.Globalization.CultureInfo.InvariantCulture) : 0,
        body.GetValueOrDefault("top") is { } top ? Convert.ToInt32(top, System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue
    );

    private static string? SessionId(AmqpMap body) => body.GetValueOrDefault("session-id") as string;

    private static IEnumerable<object?> Items(object? value) => value switch
    {
        AmqpArray array => array.Items,
        IEnumerable<object?> list => list,
        null => [],
        _ => [value],
    };

    private static List<long> Longs(AmqpMap body, string key) =>
        Items(body.GetValueOrDefault(key)).Select(item => Convert.ToInt64(item, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private static List<Guid> Guids(AmqpMap body, string key) =>
        Items(body.GetValueOrDefault(key)).Select(item => item switch
        {
            Guid guid => guid,
            byte[] { Length: 16 } bytes => new Guid(bytes, bigEndian: true),
            string text => Guid.Parse(text),
            _ => throw new FormatException($"'{key}' must hold uuids."),
        }).ToList();

    private static byte[]? Binary(object? value) => value switch
    {
        byte[] bytes => bytes,
        ReadOnlyMemory<byte> memory => memory.ToArray(),
        null => null,
        _ => throw new FormatException("A binary value was expected."),
    };
}
