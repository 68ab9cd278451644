using System.Text.Json;
using System.Xml;
using ServiceBusEmulator.Filters;

namespace ServiceBusEmulator.Configuration;

/// <summary>
/// Reads the official Service Bus emulator's Config.json shape (UserConfig → Namespaces[0] → Queues / Topics →
/// Subscriptions → Rules, plus UserConfig.Logging). Strict on purpose: an unknown property or an out-of-range
/// value stops startup with a <see cref="ConfigurationException"/> naming the JSON path, because a silently
/// ignored typo ("LockDurration") would make tests pass against settings nobody asked for.
/// </summary>
public static class ConfigurationReader
{
    private static readonly string[] QueueProperties =
    [
        "DeadLetteringOnMessageExpiration", "DefaultMessageTimeToLive", "DuplicateDetectionHistoryTimeWindow",
        "ForwardDeadLetteredMessagesTo", "ForwardTo", "LockDuration", "MaxDeliveryCount",
        "RequiresDuplicateDetection", "RequiresSession", "MaxMessageSizeInKilobytes",
    ];

    private static readonly string[] TopicProperties =
    [
        "DefaultMessageTimeToLive", "DuplicateDetectionHistoryTimeWindow", "RequiresDuplicateDetection",
        "MaxMessageSizeInKilobytes",
    ];

    private static readonly string[] SubscriptionProperties =
    [
        "DeadLetteringOnMessageExpiration", "DefaultMessageTimeToLive", "ForwardDeadLetteredMessagesTo",
        "ForwardTo", "LockDuration", "MaxDeliveryCount", "RequiresSession",
    ];

    private static readonly string[] CorrelationFilterProperties =
    [
        "ContentType", "CorrelationId", "Label", "Subject", "MessageId", "ReplyTo", "ReplyToSessionId",
        "SessionId", "To", "Properties",
    ];

    public static EmulatorConfiguration ReadFile(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (IOException exception)
        {
            throw new ConfigurationException(path, $"cannot be read: {exception.Message}");
        }

        return Read(json);
    }

    public static EmulatorConfiguration Read(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (JsonException exception)
        {
            throw new ConfigurationException("$", $"is not valid JSON: {exception.Message}");
        }

        using (document)
        {
            var root = ExpectObject(document.RootElement, "$");
            AllowOnly(root, "$", "UserConfig");
            var userConfig = ExpectObject(Required(root, "UserConfig", "$"), "UserConfig");
            AllowOnly(userConfig, "UserConfig", "Namespaces", "Logging");

            var logging = userConfig.TryGetProperty("Logging", out var loggingElement)
                ? ReadLogging(loggingElement, "UserConfig.Logging")
                : LoggingDefinition.Default;

            var namespaces = ExpectArray(Required(userConfig, "Namespaces", "UserConfig"), "UserConfig.Namespaces");
            if (namespaces.GetArrayLength() != 1)
            {
                throw new ConfigurationException(
                    "UserConfig.Namespaces",
                    $"must contain exactly one namespace (found {namespaces.GetArrayLength()})");
            }

            var configuration = ReadNamespace(namespaces[0], "UserConfig.Namespaces[0]") with { Logging = logging };
            ValidateForwarding(configuration);
            return configuration;
        }
    }

    private static EmulatorConfiguration ReadNamespace(JsonElement element, string path)
    {
        ExpectObject(element, path);
        AllowOnly(element, path, "Name", "Queues", "Topics");
        var name = ReadName(Required(element, "Name", path), $"{path}.Name", EntityLimits.MaxEntityNameLength);

        var queues = new List<QueueDefinition>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (element.TryGetProperty("Queues", out var queuesElement))
        {
            var queuesPath = $"{path}.Queues";
            var index = 0;
            foreach (var queue in ExpectArray(queuesElement, queuesPath).EnumerateArray())
            {
                var queuePath = $"{queuesPath}[{index++}]";
                ExpectObject(queue, queuePath);
                AllowOnly(queue, queuePath, "Name", "Properties");
                var queueName = ReadEntityName(queue, queuePath, names);
                var properties = queue.TryGetProperty("Properties", out var p)
                    ? ReadProperties(p, $"{queuePath}.Properties", QueueProperties)
                    : new EntityProperties();
                queues.Add(new QueueDefinition(queueName) { Properties = properties });
            }
        }

        var topics = new List<TopicDefinition>();
        if (element.TryGetProperty("Topics", out var topicsElement))
        {
            var topicsPath = $"{path}.Topics";
            var index = 0;
            foreach (var topic in ExpectArray(topicsElement, topicsPath).EnumerateArray())
            {
                topics.Add(ReadTopic(topic, $"{topicsPath}[{index++}]", names));
            }
        }

        return new EmulatorConfiguration { NamespaceName = name, Queues = queues, Topics = topics };
    }

    private static TopicDefinition ReadTopic(JsonElement topic, string path, HashSet<string> names)
    {
        ExpectObject(topic, path);
        AllowOnly(topic, path, "Name", "Properties", "Subscriptions");
        var name = ReadEntityName(topic, path, names);
        var properties = topic.TryGetProperty("Properties", out var p)
            ? ReadProperties(p, $"{path}.Properties", TopicProperties)
            : new EntityProperties();

        var subscriptions = new List<SubscriptionDefinition>();
        var subscriptionNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (topic.TryGetProperty("Subscriptions", out var subscriptionsElement))
        {
            var index = 0;
            foreach (var subscription in ExpectArray(subscriptionsElement, $"{path}.Subscriptions").EnumerateArray())
            {
                var subscriptionPath = $"{path}.Subscriptions[{index++}]";
                ExpectObject(subscription, subscriptionPath);
                AllowOnly(subscription, subscriptionPath, "Name", "Properties", "Rules");
                var subscriptionName = ReadName(
                    Required(subscription, "Name", subscriptionPath),
                    $"{subscriptionPath}.Name",
                    EntityLimits.MaxSubscriptionNameLength);
                if (subscriptionName.Contains('/'))
                {
                    throw new ConfigurationException($"{subscriptionPath}.Name", "a subscription name cannot contain '/'");
                }

                if (!subscriptionNames.Add(subscriptionName))
                {
                    throw new ConfigurationException(
                        $"{subscriptionPath}.Name", $"'{subscriptionName}' is declared twice in this topic");
                }

                var subscriptionProperties = subscription.TryGetProperty("Properties", out var sp)
                    ? ReadProperties(sp, $"{subscriptionPath}.Properties", SubscriptionProperties)
                    : new EntityProperties();
                var rules = subscription.TryGetProperty("Rules", out var rulesElement)
                    ? ReadRules(rulesElement, $"{subscriptionPath}.Rules")
                    : [];
                subscriptions.Add(new SubscriptionDefinition(subscriptionName)
                {
                    Properties = subscriptionProperties,
                    Rules = rules,
                });
            }
        }

        return new TopicDefinition(name) { Properties = properties, Subscriptions = subscriptions };
    }

    private static List<RuleDefinition> ReadRules(JsonElement element, string path)
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

    private static LoggingDefinition ReadLogging(JsonElement element, string path)
    {
        ExpectObject(element, path);
        AllowOnly(element, path, "Type");
        var type = ReadString(Required(element, "Type", path), $"{path}.Type");
        bool console = false, file = false;
        foreach (var part in type.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Equals("Console", StringComparison.OrdinalIgnoreCase))
            {
                console = true;
            }
            else if (part.Equals("File", StringComparison.OrdinalIgnoreCase))
            {
                file = true;
            }
            else
            {
                throw new ConfigurationException($"{path}.Type", $"'{part}' is not a log target (expected File, Console or both)");
            }
        }

        if (!console && !file)
        {
            throw new ConfigurationException($"{path}.Type", "names no log target (expected File, Console or both)");
        }

        return new LoggingDefinition(console, file);
    }

    private static EntityProperties ReadProperties(JsonElement element, string path, string[] allowed)
    {
        ExpectObject(element, path);
        AllowOnly(element, path, allowed);
        var properties = new EntityProperties();
        foreach (var property in element.EnumerateObject())
        {
            var fieldPath = $"{path}.{property.Name}";
            var value = property.Value;
            properties = Canonical(property.Name) switch
            {
                "LockDuration" => properties with
                {
                    LockDuration = ReadDuration(value, fieldPath, EntityLimits.MinLockDuration, EntityLimits.MaxLockDuration),
                },
                "MaxDeliveryCount" => properties with
                {
                    MaxDeliveryCount = ReadInt(value, fieldPath, EntityLimits.MinMaxDeliveryCount, EntityLimits.MaxMaxDeliveryCount),
                },
                "DefaultMessageTimeToLive" => properties with
                {
                    DefaultMessageTimeToLive = ReadDuration(value, fieldPath, EntityLimits.MinMessageTimeToLive, TimeSpan.MaxValue),
                },
                "DuplicateDetectionHistoryTimeWindow" => properties with
                {
                    DuplicateDetectionHistoryTimeWindow = ReadDuration(
                        value, fieldPath, EntityLimits.MinDuplicateDetectionWindow, EntityLimits.MaxDuplicateDetectionWindow),
                },
                "DeadLetteringOnMessageExpiration" => properties with { DeadLetteringOnMessageExpiration = ReadBool(value, fieldPath) },
                "RequiresSession" => properties with { RequiresSession = ReadBool(value, fieldPath) },
                "RequiresDuplicateDetection" => properties with { RequiresDuplicateDetection = ReadBool(value, fieldPath) },
                "ForwardTo" => properties with { ForwardTo = ReadOptionalString(value, fieldPath) },
                "ForwardDeadLetteredMessagesTo" => properties with { ForwardDeadLetteredMessagesTo = ReadOptionalString(value, fieldPath) },
                "MaxMessageSizeInKilobytes" => properties with
                {
                    MaxMessageSizeInBytes = 1024 * ReadInt(
                        value, fieldPath, EntityLimits.MinMaxMessageSizeInKilobytes, EntityLimits.MaxMaxMessageSizeInKilobytes),
                },
                _ => throw new ConfigurationException(fieldPath, "unknown property"),
            };
        }

        return properties;

        string Canonical(string name) => allowed.First(a => a.Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    private static void ValidateForwarding(EmulatorConfiguration configuration)
    {
        var queueNames = configuration.Queues.Select(q => q.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var targets = queueNames.Concat(configuration.Topics.Select(t => t.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);

        void Check(string? target, string self, string path)
        {
            if (string.IsNullOrEmpty(target))
            {
                return;
            }

            if (!targets.Contains(target))
            {
                throw new ConfigurationException(path, $"'{target}' is not a queue or topic of this namespace");
            }

            if (target.Equals(self, StringComparison.OrdinalIgnoreCase))
            {
                throw new ConfigurationException(path, "an entity cannot forward to itself");
            }
        }

        const string ns = "UserConfig.Namespaces[0]";
        for (var q = 0; q < configuration.Queues.Count; q++)
        {
            var queue = configuration.Queues[q];
            Check(queue.Properties.ForwardTo, queue.Name, $"{ns}.Queues[{q}].Properties.ForwardTo");
            Check(queue.Properties.ForwardDeadLetteredMessagesTo, queue.Name, $"{ns}.Queues[{q}].Properties.ForwardDeadLetteredMessagesTo");
        }

        for (var t = 0; t < configuration.Topics.Count; t++)
        {
            var topic = configuration.Topics[t];
            for (var s = 0; s < topic.Subscriptions.Count; s++)
            {
                var subscription = topic.Subscriptions[s];
                var path = $"{ns}.Topics[{t}].Subscriptions[{s}].Properties";
                Check(subscription.Properties.ForwardTo, topic.Name, $"{path}.ForwardTo");
                Check(subscription.Properties.ForwardDeadLetteredMessagesTo, string.Empty, $"{path}.ForwardDeadLetteredMessagesTo");
            }
        }
    }

    private static string ReadEntityName(JsonElement entity, string path, HashSet<string> names)
    {
        var name = ReadName(Required(entity, "Name", path), $"{path}.Name", EntityLimits.MaxEntityNameLength);
        if (name.StartsWith('/') || name.EndsWith('/') || name.Contains("$", StringComparison.Ordinal))
        {
            throw new ConfigurationException($"{path}.Name", $"'{name}' cannot start or end with '/' or contain '$'");
        }

        if (!names.Add(name))
        {
            throw new ConfigurationException($"{path}.Name", $"'{name}' is already the name of another queue or topic");
        }

        return name;
    }

    private static string ReadName(JsonElement element, string path, int maxLength)
    {
        var name = ReadString(element, path);
        if (name.Length == 0 || name.Length > maxLength)
        {
            throw new ConfigurationException(path, $"must be 1 to {maxLength} characters long");
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/' or '$'))
            {
                throw new ConfigurationException(path, $"'{name}' may contain only letters, digits, '.', '-', '_' and '/'");
            }
        }

        return name;
    }

    private static TimeSpan ReadDuration(JsonElement element, string path, TimeSpan minimum, TimeSpan maximum)
    {
        var text = ReadString(element, path);
        TimeSpan value;
        try
        {
            // XmlConvert implements ISO-8601 durations the way Azure's ARM / ATOM APIs do (P1D, PT1M, and
            // P10675199DT2H48M5.4775807S for TimeSpan.MaxValue).
            value = XmlConvert.ToTimeSpan(text);
        }
        catch (FormatException)
        {
            throw new ConfigurationException(path, $"'{text}' is not an ISO-8601 duration such as PT1M or P1D");
        }
        catch (OverflowException)
        {
            throw new ConfigurationException(path, $"'{text}' is longer than the largest duration P10675199DT2H48M5.4775807S");
        }

        if (value < minimum)
        {
            throw new ConfigurationException(path, $"{value:c} is below the minimum of {minimum:c}");
        }

        if (value > maximum)
        {
            throw new ConfigurationException(path, $"{value:c} is above the maximum of {maximum:c}");
        }

        return value;
    }

    private static int ReadInt(JsonElement element, string path, int minimum, int maximum)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var value))
        {
            throw new ConfigurationException(path, $"must be a whole number (found {Describe(element)})");
        }

        if (value < minimum)
        {
            throw new ConfigurationException(path, $"{value} is below the minimum of {minimum}");
        }

        if (value > maximum)
        {
            throw new ConfigurationException(path, $"{value} is above the maximum of {maximum}");
        }

        return (int)value;
    }

    private static bool ReadBool(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new ConfigurationException(path, $"must be true or false (found {Describe(element)})"),
    };

    private static string? ReadOptionalString(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Null ? null : ReadString(element, path) is { Length: > 0 } text ? text : null;

    private static string ReadString(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new ConfigurationException(path, $"must be a string (found {Describe(element)})");

    private static JsonElement Required(JsonElement element, string name, string path)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        throw new ConfigurationException($"{path}.{name}".TrimStart('$', '.'), "is required");
    }

    private static void AllowOnly(JsonElement element, string path, params string[] allowed)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
            {
                var fieldPath = path == "$" ? property.Name : $"{path}.{property.Name}";
                throw new ConfigurationException(fieldPath, $"unknown property (allowed here: {string.Join(", ", allowed)})");
            }
        }
    }

    private static JsonElement ExpectObject(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object
            ? element
            : throw new ConfigurationException(path, $"must be an object (found {Describe(element)})");

    private static JsonElement ExpectArray(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Array
            ? element
            : throw new ConfigurationException(path, $"must be an array (found {Describe(element)})");

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"\"{element.GetString()}\"",
        JsonValueKind.Number => element.GetRawText(),
        _ => element.ValueKind.ToString().ToLowerInvariant(),
    };
}
