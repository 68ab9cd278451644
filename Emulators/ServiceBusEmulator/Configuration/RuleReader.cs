using System.Text.Json;
using ServiceBusEmulator.Filters;
using static ServiceBusEmulator.Configuration.JsonFields;

namespace ServiceBusEmulator.Configuration;

/// <summary>Reads a subscription's Rules: correlation or SQL filters and optional SQL actions, parsed at startup.</summary>
internal static class RuleReader
{
    private static readonly string[] CorrelationFilterProperties =
    [
        "ContentType", "CorrelationId", "Label", "Subject", "MessageId", "ReplyTo", "ReplyToSessionId",
        "SessionId", "To", "Properties",
    ];

    public static List<RuleDefinition> ReadRules(JsonElement element, string path)
    {
        var rules = new List<RuleDefinition>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var rule in ExpectArray(element, path).EnumerateArray())
        {
            var rulePath = $"{path}[{index++}]";
            ExpectObject(rule, rulePath);
            AllowOnly(rule, rulePath, "Name", "Properties");
            var name = ReadName(Required(rule, "Name", rulePath), $"{rulePath}.Name", 50);
            if (!names.Add(name))
            {
                throw new ConfigurationException($"{rulePath}.Name", $"'{name}' is declared twice in this subscription");
            }

            var propertiesPath = $"{rulePath}.Properties";
            var properties = ExpectObject(Required(rule, "Properties", rulePath), propertiesPath);
            AllowOnly(properties, propertiesPath, "FilterType", "CorrelationFilter", "SqlFilter", "Action");
            var filterType = ReadString(Required(properties, "FilterType", propertiesPath), $"{propertiesPath}.FilterType");

            RuleFilter filter;
            if (filterType.Equals("Correlation", StringComparison.OrdinalIgnoreCase))
            {
                filter = ReadCorrelationFilter(
                    Required(properties, "CorrelationFilter", propertiesPath), $"{propertiesPath}.CorrelationFilter");
            }
            else if (filterType.Equals("Sql", StringComparison.OrdinalIgnoreCase))
            {
                var sqlPath = $"{propertiesPath}.SqlFilter";
                var sql = ExpectObject(Required(properties, "SqlFilter", propertiesPath), sqlPath);
                AllowOnly(sql, sqlPath, "SqlExpression");
                var expression = ReadString(Required(sql, "SqlExpression", sqlPath), $"{sqlPath}.SqlExpression");
                filter = Parse(() => SqlFilter.Parse(expression), $"{sqlPath}.SqlExpression");
            }
            else
            {
                throw new ConfigurationException(
                    $"{propertiesPath}.FilterType", $"'{filterType}' is not a filter type (expected Correlation or Sql)");
            }

            SqlRuleAction? action = null;
            if (properties.TryGetProperty("Action", out var actionElement) && actionElement.ValueKind != JsonValueKind.Null)
            {
                var actionPath = $"{propertiesPath}.Action";
                ExpectObject(actionElement, actionPath);
                AllowOnly(actionElement, actionPath, "SqlExpression");
                var text = ReadString(Required(actionElement, "SqlExpression", actionPath), $"{actionPath}.SqlExpression");
                action = Parse(() => SqlRuleAction.Parse(text), $"{actionPath}.SqlExpression");
            }

            rules.Add(new RuleDefinition(name, filter) { Action = action });
        }

        return rules;
    }

    private static T Parse<T>(Func<T> parse, string path)
    {
        try
        {
            return parse();
        }
        catch (SqlSyntaxException exception)
        {
            throw new ConfigurationException(path, exception.Message);
        }
    }

    private static CorrelationFilter ReadCorrelationFilter(JsonElement element, string path)
    {
        ExpectObject(element, path);
        AllowOnly(element, path, CorrelationFilterProperties);
        string? Optional(string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
                ? ReadString(value, $"{path}.{name}")
                : null;

        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (element.TryGetProperty("Properties", out var userProperties))
        {
            var userPath = $"{path}.Properties";
            foreach (var property in ExpectObject(userProperties, userPath).EnumerateObject())
            {
                properties[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number when property.Value.TryGetInt64(out var integer) => integer,
                    JsonValueKind.Number => property.Value.GetDouble(),
                    _ => throw new ConfigurationException(
                        $"{userPath}.{property.Name}", "must be a string, number or boolean"),
                };
            }
        }

        var filter = new CorrelationFilter
        {
            ContentType = Optional("ContentType"),
            CorrelationId = Optional("CorrelationId"),
            Subject = Optional("Label") ?? Optional("Subject"),
            MessageId = Optional("MessageId"),
            ReplyTo = Optional("ReplyTo"),
            ReplyToSessionId = Optional("ReplyToSessionId"),
            SessionId = Optional("SessionId"),
            To = Optional("To"),
            Properties = properties,
        };
        if (filter.IsEmpty)
        {
            throw new ConfigurationException(path, "a correlation filter needs at least one property to match");
        }

        return filter;
    }
}
