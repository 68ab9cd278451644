using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Filters;
using static ServiceBusEmulator.Administration.AtomNames;

namespace ServiceBusEmulator.Administration;

/// <summary>
/// A rule's <c>RuleDescription</c> (also a subscription's <c>DefaultRuleDescription</c>): the filter by its
/// <c>i:type</c> (SqlFilter, CorrelationFilter, TrueFilter, FalseFilter) and an optional SqlRuleAction. SQL text is
/// parsed here, so a syntax error is a 400 naming the expression, as in Azure.
/// </summary>
internal static class RuleXml
{
    public static RuleDefinition Read(XElement description, string? name)
    {
        name ??= description.Element(ServiceBus + "Name")?.Value;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw AdministrationException.BadRequest("A rule needs a Name.");
        }

        EntityNames.CheckRuleName(name);
        var filter = description.Element(ServiceBus + "Filter") is { } filterElement ? ReadFilter(filterElement) : TrueFilter.Instance;
        SqlRuleAction? action = null;
        if (description.Element(ServiceBus + "Action") is { } actionElement && TypeOf(actionElement) == "SqlRuleAction")
        {
            RejectParameters(actionElement);
            var text = actionElement.Element(ServiceBus + "SqlExpression")?.Value;
            if (!string.IsNullOrWhiteSpace(text))
            {
                action = Parse(() => SqlRuleAction.Parse(text), text);
            }
        }

        return new RuleDefinition(name, filter) { Action = action };
    }

    public static XElement Write(RuleDefinition rule, DateTimeOffset createdAt, string elementName = "RuleDescription")
    {
        var action = rule.Action is { } sql
            ? new XElement(ServiceBus + "Action", new XAttribute(XmlSchemaInstance + "type", "SqlRuleAction"),
                new XElement(ServiceBus + "SqlExpression", sql.Text),
                new XElement(ServiceBus + "CompatibilityLevel", 20))
            : new XElement(ServiceBus + "Action", new XAttribute(XmlSchemaInstance + "type", "EmptyRuleAction"));
        return new XElement(ServiceBus + elementName,
            WriteFilter(rule.Filter),
            action,
            new XElement(ServiceBus + "CreatedAt", XmlConvert.ToString(createdAt.UtcDateTime, XmlDateTimeSerializationMode.Utc)),
            new XElement(ServiceBus + "Name", rule.Name));
    }

    private static RuleFilter ReadFilter(XElement element)
    {
        switch (TypeOf(element))
        {
            case "TrueFilter":
                return TrueFilter.Instance;
            case "FalseFilter":
                return FalseFilter.Instance;
            case "SqlFilter":
                RejectParameters(element);
                var text = element.Element(ServiceBus + "SqlExpression")?.Value;
                if (string.IsNullOrWhiteSpace(text))
                {
                    throw AdministrationException.BadRequest("A SqlFilter needs a SqlExpression.");
                }

                return Parse(() => SqlFilter.Parse(text), text);
            case "CorrelationFilter":
                return ReadCorrelationFilter(element);
            case var other:
                throw AdministrationException.BadRequest($"Filter type '{other}' is not supported (SqlFilter, CorrelationFilter, TrueFilter, FalseFilter).");
        }
    }

    private static CorrelationFilter ReadCorrelationFilter(XElement element)
    {
        string? Text(string name) => element.Element(ServiceBus + name)?.Value is { Length: > 0 } value ? value : null;
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in element.Element(ServiceBus + "Properties")?.Elements(ServiceBus + "KeyValueOfstringanyType") ?? [])
        {
            var key = pair.Element(ServiceBus + "Key")?.Value;
            var value = pair.Element(ServiceBus + "Value");
            if (string.IsNullOrEmpty(key) || value is null)
            {
                throw AdministrationException.BadRequest("A correlation filter property needs a Key and a Value.");
            }

            properties[key] = ReadValue(value);
        }

        var filter = new CorrelationFilter
        {
            ContentType = Text("ContentType"),
            CorrelationId = Text("CorrelationId"),
            Subject = Text("Label"),
            MessageId = Text("MessageId"),
            ReplyTo = Text("ReplyTo"),
            ReplyToSessionId = Text("ReplyToSessionId"),
            SessionId = Text("SessionId"),
            To = Text("To"),
            Properties = properties,
        };
        return filter.IsEmpty
            ? throw AdministrationException.BadRequest("A correlation filter needs at least one property to match.")
            : filter;
    }

    /// <summary>A typed value as the SDKs write it: <c>i:type="p:int"</c> with p bound to the XML Schema namespace.</summary>
    private static object ReadValue(XElement value)
    {
        var type = value.Attribute(XmlSchemaInstance + "type")?.Value ?? "string";
        var localType = type[(type.IndexOf(':') + 1)..];
        var text = value.Value;
        try
        {
            return localType switch
            {
                "string" => text,
                "int" => XmlConvert.ToInt32(text),
                "long" => XmlConvert.ToInt64(text),
                "boolean" => XmlConvert.ToBoolean(text),
                "double" => XmlConvert.ToDouble(text),
                "dateTime" => XmlConvert.ToDateTime(text, XmlDateTimeSerializationMode.Utc),
                "duration" => XmlConvert.ToTimeSpan(text),
                _ => throw AdministrationException.BadRequest($"Property value type '{type}' is not supported."),
            };
        }
        catch (FormatException exception)
        {
            throw AdministrationException.BadRequest($"'{text}' is not a {localType}: {exception.Message}");
        }
    }

    private static XElement WriteFilter(RuleFilter filter)
    {
        static XElement Sql(string type, string text) =>
            new(ServiceBus + "Filter", new XAttribute(XmlSchemaInstance + "type", type),
                new XElement(ServiceBus + "SqlExpression", text),
                new XElement(ServiceBus + "CompatibilityLevel", 20));

        switch (filter)
        {
            case TrueFilter:
                return Sql("TrueFilter", "1=1");
            case FalseFilter:
                return Sql("FalseFilter", "1=0");
            case SqlFilter sql:
                return Sql("SqlFilter", sql.Text);
            case CorrelationFilter correlation:
                var element = new XElement(ServiceBus + "Filter", new XAttribute(XmlSchemaInstance + "type", "CorrelationFilter"));
                foreach (var (name, value) in new[]
                {
                    ("CorrelationId", correlation.CorrelationId), ("MessageId", correlation.MessageId), ("To", correlation.To),
                    ("ReplyTo", correlation.ReplyTo), ("Label", correlation.Subject), ("SessionId", correlation.SessionId),
                    ("ReplyToSessionId", correlation.ReplyToSessionId), ("ContentType", correlation.ContentType),
                })
                {
                    if (value is not null)
                    {
                        element.Add(new XElement(ServiceBus + name, value));
                    }
                }

                element.Add(new XElement(ServiceBus + "Properties",
                    correlation.Properties.Select(property => new XElement(ServiceBus + "KeyValueOfstringanyType",
                        new XElement(ServiceBus + "Key", property.Key),
                        WriteValue(property.Value)))));
                return element;
            default:
                throw new InvalidOperationException($"No ATOM form for filter {filter.GetType().Name}.");
        }
    }

    private static XElement WriteValue(object? value)
    {
        var (type, text) = value switch
        {
            string s => ("string", s),
            int i => ("int", XmlConvert.ToString(i)),
            long l => ("long", XmlConvert.ToString(l)),
            uint or short or ushort or byte or sbyte => ("long", Convert.ToString(value, CultureInfo.InvariantCulture)!),
            float f => ("double", XmlConvert.ToString((double)f)),
            bool b => ("boolean", XmlConvert.ToString(b)),
            double d => ("double", XmlConvert.ToString(d)),
            DateTime t => ("dateTime", XmlConvert.ToString(t, XmlDateTimeSerializationMode.Utc)),
            TimeSpan t => ("duration", XmlConvert.ToString(t)),
            null => ("string", string.Empty),
            _ => ("string", Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
        };
        return new XElement(ServiceBus + "Value",
            new XAttribute(XNamespace.Xmlns + "d6p1", XmlSchema.NamespaceName),
            new XAttribute(XmlSchemaInstance + "type", $"d6p1:{type}"),
            text);
    }

    private static string TypeOf(XElement element) => element.Attribute(XmlSchemaInstance + "type")?.Value ?? string.Empty;

    /// <summary>Parameters (<c>@name</c> placeholders) are not supported by this emulator's SQL; refuse rather than ignore them.</summary>
    private static void RejectParameters(XElement element)
    {
        if (element.Element(ServiceBus + "Parameters") is { HasElements: true })
        {
            throw AdministrationException.BadRequest("SQL filter and action Parameters are not supported by this emulator; put the values in the expression.");
        }
    }

    private static T Parse<T>(Func<T> parse, string text)
    {
        try
        {
            return parse();
        }
        catch (SqlSyntaxException exception)
        {
            throw AdministrationException.BadRequest($"'{text}': {exception.Message}");
        }
    }
}
