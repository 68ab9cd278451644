using System.Xml;
using System.Xml.Linq;
using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Configuration;
using static ServiceBusEmulator.Administration.AtomNames;

namespace ServiceBusEmulator.Administration;

/// <summary>
/// The descriptions of queues, topics and subscriptions in both directions: read from a PUT body over the entity's
/// current settings (or Azure's defaults), written for GET and PUT responses with the runtime counts and times.
/// Element names, order and the CountDetails namespace follow what Azure sends and the .NET SDK parses.
/// </summary>
internal static class EntityXml
{
    /// <summary>The description element inside an ATOM entry's content; a 400 when the body is not one.</summary>
    public static XElement ReadDescription(byte[] body, string descriptionName)
    {
        XElement entry;
        try
        {
            using var stream = new MemoryStream(body);
            entry = XElement.Load(stream);
        }
        catch (XmlException exception)
        {
            throw AdministrationException.BadRequest($"The request body is not XML: {exception.Message}");
        }

        return entry.Element(Atom + "content")?.Element(ServiceBus + descriptionName)
            ?? throw AdministrationException.BadRequest($"The request body is not an ATOM entry holding a {descriptionName}.");
    }

    public static (EntityProperties Properties, EntitySettings Settings) ReadQueue(XElement description, EntityProperties properties, EntitySettings settings)
    {
        var fields = new DescriptionFields(description);
        return (ReadSendable(fields, ReadReceivable(fields, properties)), ReadSettings(fields, settings));
    }

    public static (EntityProperties Properties, EntitySettings Settings) ReadTopic(XElement description, EntityProperties properties, EntitySettings settings)
    {
        var fields = new DescriptionFields(description);
        return (ReadSendable(fields, properties with { DefaultMessageTimeToLive = ReadTimeToLive(fields, properties) }), ReadSettings(fields, settings));
    }

    public static (EntityProperties Properties, EntitySettings Settings) ReadSubscription(XElement description, EntityProperties properties, EntitySettings settings)
    {
        var fields = new DescriptionFields(description);
        return (ReadReceivable(fields, properties), ReadSettings(fields, settings) with
        {
            DeadLetteringOnFilterEvaluationExceptions = fields.Bool("DeadLetteringOnFilterEvaluationExceptions", settings.DeadLetteringOnFilterEvaluationExceptions),
        });
    }

    /// <summary>What queues and subscriptions share: locks, deliveries, expiry, sessions, forwarding.</summary>
    private static EntityProperties ReadReceivable(DescriptionFields fields, EntityProperties properties) => properties with
    {
        LockDuration = fields.Duration("LockDuration", properties.LockDuration, EntityLimits.MinLockDuration, EntityLimits.MaxLockDuration),
        MaxDeliveryCount = fields.Int("MaxDeliveryCount", properties.MaxDeliveryCount, EntityLimits.MinMaxDeliveryCount, EntityLimits.MaxMaxDeliveryCount),
        DefaultMessageTimeToLive = ReadTimeToLive(fields, properties),
        DeadLetteringOnMessageExpiration = fields.Bool("DeadLetteringOnMessageExpiration", properties.DeadLetteringOnMessageExpiration),
        RequiresSession = fields.Bool("RequiresSession", properties.RequiresSession),
        ForwardTo = fields.ForwardTarget("ForwardTo", properties.ForwardTo),
        ForwardDeadLetteredMessagesTo = fields.ForwardTarget("ForwardDeadLetteredMessagesTo", properties.ForwardDeadLetteredMessagesTo),
    };

    /// <summary>What queues and topics share: duplicate detection and the message size limit.</summary>
    private static EntityProperties ReadSendable(DescriptionFields fields, EntityProperties properties) => properties with
    {
        RequiresDuplicateDetection = fields.Bool("RequiresDuplicateDetection", properties.RequiresDuplicateDetection),
        DuplicateDetectionHistoryTimeWindow = fields.Duration("DuplicateDetectionHistoryTimeWindow", properties.DuplicateDetectionHistoryTimeWindow, EntityLimits.MinDuplicateDetectionWindow, EntityLimits.MaxDuplicateDetectionWindow),
        MaxMessageSizeInBytes = (int)fields.Long("MaxMessageSizeInKilobytes", properties.MaxMessageSizeInBytes / 1024,
            EntityLimits.MinMaxMessageSizeInKilobytes, EntityLimits.MaxMaxMessageSizeInKilobytes) * 1024,
    };

    private static TimeSpan ReadTimeToLive(DescriptionFields fields, EntityProperties properties) =>
        fields.Duration("DefaultMessageTimeToLive", properties.DefaultMessageTimeToLive, EntityLimits.MinMessageTimeToLive, TimeSpan.MaxValue);

    public static XElement WriteQueue(QueueDefinition queue, EntitySettings settings, EntityRuntimeCounts counts, string host)
    {
        var properties = queue.Properties;
        return new XElement(ServiceBus + "QueueDescription",
            new XAttribute(XNamespace.Xmlns + "i", XmlSchemaInstance.NamespaceName),
            Field("LockDuration", properties.LockDuration),
            Field("MaxSizeInMegabytes", settings.MaxSizeInMegabytes),
            Field("RequiresDuplicateDetection", properties.RequiresDuplicateDetection),
            Field("RequiresSession", properties.RequiresSession),
            Field("DefaultMessageTimeToLive", properties.DefaultMessageTimeToLive),
            Field("DeadLetteringOnMessageExpiration", properties.DeadLetteringOnMessageExpiration),
            Field("DuplicateDetectionHistoryTimeWindow", properties.DuplicateDetectionHistoryTimeWindow),
            Field("MaxDeliveryCount", properties.MaxDeliveryCount),
            Field("EnableBatchedOperations", settings.EnableBatchedOperations),
            Field("SizeInBytes", counts.SizeInBytes),
            Field("MessageCount", counts.TotalMessageCount),
            Field("IsAnonymousAccessible", false),
            new XElement(ServiceBus + "AuthorizationRules"),
            Field("Status", settings.Status),
            ForwardField("ForwardTo", properties.ForwardTo, host),
            Times(settings),
            Field("SupportOrdering", true),
            CountDetails(counts.Counts),
            Field("AutoDeleteOnIdle", settings.AutoDeleteOnIdle),
            Field("EnablePartitioning", settings.EnablePartitioning),
            Field("EntityAvailabilityStatus", "Available"),
            ForwardField("ForwardDeadLetteredMessagesTo", properties.ForwardDeadLetteredMessagesTo, host),
            Field("EnableExpress", false),
            settings.UserMetadata is { } metadata ? Field("UserMetadata", metadata) : null,
            Field("MaxMessageSizeInKilobytes", properties.MaxMessageSizeInBytes / 1024));
    }

    public static XElement WriteTopic(TopicDefinition topic, EntitySettings settings, long sizeInBytes, long scheduled)
    {
        var properties = topic.Properties;
        return new XElement(ServiceBus + "TopicDescription",
            new XAttribute(XNamespace.Xmlns + "i", XmlSchemaInstance.NamespaceName),
            Field("DefaultMessageTimeToLive", properties.DefaultMessageTimeToLive),
            Field("MaxSizeInMegabytes", settings.MaxSizeInMegabytes),
            Field("RequiresDuplicateDetection", properties.RequiresDuplicateDetection),
            Field("DuplicateDetectionHistoryTimeWindow", properties.DuplicateDetectionHistoryTimeWindow),
            Field("EnableBatchedOperations", settings.EnableBatchedOperations),
            Field("SizeInBytes", sizeInBytes),
            Field("FilteringMessagesBeforePublishing", false),
            Field("IsAnonymousAccessible", false),
            new XElement(ServiceBus + "AuthorizationRules"),
            Field("Status", settings.Status),
            Times(settings),
            Field("SupportOrdering", settings.SupportOrdering),
            new XElement(ServiceBus + "CountDetails",
                new XAttribute(XNamespace.Xmlns + "d2p1", AtomNames.CountDetails.NamespaceName),
                Count("ActiveMessageCount", 0), Count("DeadLetterMessageCount", 0), Count("ScheduledMessageCount", scheduled),
                Count("TransferMessageCount", 0), Count("TransferDeadLetterMessageCount", 0)),
            Field("SubscriptionCount", topic.Subscriptions.Count),
            Field("AutoDeleteOnIdle", settings.AutoDeleteOnIdle),
            Field("EnablePartitioning", settings.EnablePartitioning),
            Field("EntityAvailabilityStatus", "Available"),
            Field("EnableSubscriptionPartitioning", false),
            Field("EnableExpress", false),
            settings.UserMetadata is { } metadata ? Field("UserMetadata", metadata) : null,
            Field("MaxMessageSizeInKilobytes", properties.MaxMessageSizeInBytes / 1024));
    }

    public static XElement WriteSubscription(SubscriptionDefinition subscription, EntitySettings settings, EntityRuntimeCounts counts, string host)
    {
        var properties = subscription.Properties;
        return new XElement(ServiceBus + "SubscriptionDescription",
            new XAttribute(XNamespace.Xmlns + "i", XmlSchemaInstance.NamespaceName),
            Field("LockDuration", properties.LockDuration),
            Field("RequiresSession", properties.RequiresSession),
            Field("DefaultMessageTimeToLive", properties.DefaultMessageTimeToLive),
            Field("DeadLetteringOnMessageExpiration", properties.DeadLetteringOnMessageExpiration),
            Field("DeadLetteringOnFilterEvaluationExceptions", settings.DeadLetteringOnFilterEvaluationExceptions),
            Field("MessageCount", counts.TotalMessageCount),
            Field("MaxDeliveryCount", properties.MaxDeliveryCount),
            Field("EnableBatchedOperations", settings.EnableBatchedOperations),
            Field("Status", settings.Status),
            ForwardField("ForwardTo", properties.ForwardTo, host),
            Times(settings),
            CountDetails(counts.Counts),
            settings.UserMetadata is { } metadata ? Field("UserMetadata", metadata) : null,
            ForwardField("ForwardDeadLetteredMessagesTo", properties.ForwardDeadLetteredMessagesTo, host),
            Field("AutoDeleteOnIdle", settings.AutoDeleteOnIdle),
            Field("EntityAvailabilityStatus", "Available"));
    }

    private static EntitySettings ReadSettings(DescriptionFields fields, EntitySettings settings)
    {
        var status = fields.Text("Status") ?? settings.Status;
        if (status is not ("Active" or "Disabled" or "SendDisabled" or "ReceiveDisabled"))
        {
            throw AdministrationException.BadRequest($"Status: '{status}' is not Active, Disabled, SendDisabled or ReceiveDisabled.");
        }

        return settings with
        {
            MaxSizeInMegabytes = fields.Long("MaxSizeInMegabytes", settings.MaxSizeInMegabytes, 1, 81920),
            UserMetadata = fields.Has("UserMetadata") ? fields.Text("UserMetadata") : settings.UserMetadata,
            AutoDeleteOnIdle = fields.Duration("AutoDeleteOnIdle", settings.AutoDeleteOnIdle, TimeSpan.FromMinutes(5), TimeSpan.MaxValue),
            Status = status,
            EnableBatchedOperations = fields.Bool("EnableBatchedOperations", settings.EnableBatchedOperations),
            EnablePartitioning = fields.Bool("EnablePartitioning", settings.EnablePartitioning),
            SupportOrdering = fields.Bool("SupportOrdering", settings.SupportOrdering),
        };
    }

    private static IEnumerable<XElement> Times(EntitySettings settings) =>
    [
        Field("CreatedAt", settings.CreatedAt),
        Field("UpdatedAt", settings.UpdatedAt),
        Field("AccessedAt", settings.UpdatedAt),
    ];

    private static XElement CountDetails(EntityMessageCounts counts) =>
        new(ServiceBus + "CountDetails",
            new XAttribute(XNamespace.Xmlns + "d2p1", AtomNames.CountDetails.NamespaceName),
            Count("ActiveMessageCount", counts.Active),
            Count("DeadLetterMessageCount", counts.DeadLettered),
            Count("ScheduledMessageCount", counts.Scheduled),
            Count("TransferMessageCount", 0),
            Count("TransferDeadLetterMessageCount", 0));

    private static XElement Count(string name, long value) => new(AtomNames.CountDetails + name, value);

    private static XElement? ForwardField(string name, string? target, string host) =>
        string.IsNullOrEmpty(target) ? null : Field(name, $"http://{HostName(host)}/{target}");

    /// <summary>The request's host without its port: the form the SDKs give forwarding targets.</summary>
    public static string HostName(string host)
    {
        var colon = host.LastIndexOf(':');
        return colon > 0 && !host.EndsWith(']') ? host[..colon] : host;
    }

    private static XElement Field(string name, object value) => new(ServiceBus + name, value switch
    {
        TimeSpan span => XmlConvert.ToString(span),
        bool flag => XmlConvert.ToString(flag),
        DateTimeOffset time => XmlConvert.ToString(time.UtcDateTime, XmlDateTimeSerializationMode.Utc),
        _ => value,
    });
}
