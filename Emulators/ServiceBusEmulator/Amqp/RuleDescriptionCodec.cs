using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Filters;

namespace ServiceBusEmulator.Amqp;

/// <summary>
/// Rules on the wire of the <c>$management</c> rule operations: an add-rule request carries a map
/// (<c>sql-filter</c> or <c>correlation-filter</c>, optional <c>sql-rule-action</c>), enumerate-rules answers with
/// described lists under the Service Bus descriptor codes, which the .NET SDK decodes by code.
/// </summary>
internal static class RuleDescriptionCodec
{
    private const ulong RuleDescriptionCode = 0x0000013700000004;
    private const ulong EmptyActionCode = 0x0000013700000005;
    private const ulong SqlActionCode = 0x0000013700000006;
    private const ulong SqlFilterCode = 0x0000001370000006;
    private const ulong TrueFilterCode = 0x0000001370000007;
    private const ulong FalseFilterCode = 0x0000001370000008;
    private const ulong CorrelationFilterCode = 0x0000001370000009;

    /// <summary>The rule an add-rule request describes; SQL text that does not parse throws <see cref="SqlSyntaxException"/>.</summary>
    public static RuleDefinition Decode(string name, AmqpMap description)
    {
        RuleFilter filter = description.GetValueOrDefault("sql-filter") switch
        {
            AmqpMap sql => SqlFilterOf(Text(sql, "expression") ?? throw new FormatException("The sql-filter has no expression.")),
            _ => description.GetValueOrDefault("correlation-filter") is AmqpMap correlation
                ? CorrelationFilterOf(correlation)
                : throw new FormatException("The rule description holds neither a sql-filter nor a correlation-filter."),
        };
        var action = description.GetValueOrDefault("sql-rule-action") is AmqpMap actionMap && Text(actionMap, "expression") is { Length: > 0 } text
            ? SqlRuleAction.Parse(text)
            : null;
        return new RuleDefinition(name, filter) { Action = action };
    }

    public static DescribedValue Encode(RuleDefinition rule)
    {
        var filter = rule.Filter switch
        {
            TrueFilter => new DescribedValue(TrueFilterCode, new AmqpList()),
            FalseFilter => new DescribedValue(FalseFilterCode, new AmqpList()),
            SqlFilter sql => new DescribedValue(SqlFilterCode, new AmqpList { sql.Text, null }),
            CorrelationFilter correlation => new DescribedValue(CorrelationFilterCode, new AmqpList
            {
                correlation.CorrelationId, correlation.MessageId, correlation.To, correlation.ReplyTo, correlation.Subject,
                correlation.SessionId, correlation.ReplyToSessionId, correlation.ContentType, PropertiesOf(correlation),
            }),
            _ => throw new InvalidOperationException($"No wire form for the filter {rule.Filter.GetType().Name}."),
        };
        var action = rule.Action is { } sqlAction
            ? new DescribedValue(SqlActionCode, new AmqpList { sqlAction.Text, null })
            : new DescribedValue(EmptyActionCode, new AmqpList());
        return new DescribedValue(RuleDescriptionCode, new AmqpList { filter, action, rule.Name, null });
    }

    /// <summary>Azure reports the SDK's TrueRuleFilter / FalseRuleFilter (sent as SQL 1=1 / 1=0) as true and false filters.</summary>
    private static RuleFilter SqlFilterOf(string expression) => expression.Trim() switch
    {
        "1=1" => TrueFilter.Instance,
        "1=0" => FalseFilter.Instance,
        _ => SqlFilter.Parse(expression),
    };

    private static CorrelationFilter CorrelationFilterOf(AmqpMap map)
    {
        var properties = new Dictionary<string, object?>();
        if (map.GetValueOrDefault("properties") is AmqpMap values)
        {
            foreach (var (key, value) in values)
            {
                properties[key switch { AmqpSymbol symbol => symbol.Value, _ => key?.ToString() ?? string.Empty }] = value;
            }
        }

        return new CorrelationFilter
        {
            CorrelationId = Text(map, "correlation-id"),
            MessageId = Text(map, "message-id"),
            To = Text(map, "to"),
            ReplyTo = Text(map, "reply-to"),
            Subject = Text(map, "label"),
            SessionId = Text(map, "session-id"),
            ReplyToSessionId = Text(map, "reply-to-session-id"),
            ContentType = Text(map, "content-type"),
            Properties = properties,
        };
    }

    private static AmqpMap PropertiesOf(CorrelationFilter filter)
    {
        var map = new AmqpMap(filter.Properties.Count);
        foreach (var (name, value) in filter.Properties)
        {
            map[name] = value;
        }

        return map;
    }

    private static string? Text(AmqpMap map, string key) => map.GetValueOrDefault(key) switch
    {
        string text => text,
        AmqpSymbol symbol => symbol.Value,
        null => null,
        var other => throw new FormatException($"'{key}' must be a string, not {other.GetType().Name}."),
    };
}
