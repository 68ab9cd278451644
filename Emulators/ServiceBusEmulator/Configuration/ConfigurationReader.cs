using System.Text.Json;
using System.Xml;
using ServiceBusEmulator.Filters;
using static ServiceBusEmulator.Configuration.JsonFields;

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

    public static EmulatorConfiguration ReadFile(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
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
                    ? RuleReader.ReadRules(rulesElement, $"{subscriptionPath}.Rules")
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
}
