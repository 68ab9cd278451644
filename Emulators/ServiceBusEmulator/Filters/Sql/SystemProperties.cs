using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Filters.Sql;

/// <summary>The <c>sys.</c> scope: names are case-insensitive; an unknown name is a syntax error, as in Azure.</summary>
internal static class SystemProperties
{
    private static readonly Dictionary<string, Func<BrokerMessage, object?>> Readers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MessageId"] = m => m.MessageId,
        ["CorrelationId"] = m => m.CorrelationId,
        ["ContentType"] = m => m.ContentType,
        ["Label"] = m => m.Subject,
        ["Subject"] = m => m.Subject,
        ["To"] = m => m.To,
        ["ReplyTo"] = m => m.ReplyTo,
        ["SessionId"] = m => m.SessionId,
        ["ReplyToSessionId"] = m => m.ReplyToSessionId,
        ["TimeToLive"] = m => m.TimeToLive,
        ["ScheduledEnqueueTimeUtc"] = m => m.ScheduledEnqueueTime?.UtcDateTime,
        ["EnqueuedTimeUtc"] = m => m.EnqueuedTime.UtcDateTime,
        ["SequenceNumber"] = m => m.SequenceNumber,
        ["DeliveryCount"] = m => m.DeliveryCount,
        ["Size"] = m => (long)m.Size,
    };

    // The system properties a rule action may SET; the AMQP adapter re-encodes the properties section from them.
    private static readonly Dictionary<string, Action<BrokerMessage, string?>> Writers = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MessageId"] = (m, v) => m.MessageId = v,
        ["CorrelationId"] = (m, v) => m.CorrelationId = v,
        ["ContentType"] = (m, v) => m.ContentType = v,
        ["Label"] = (m, v) => m.Subject = v,
        ["Subject"] = (m, v) => m.Subject = v,
        ["To"] = (m, v) => m.To = v,
        ["ReplyTo"] = (m, v) => m.ReplyTo = v,
        ["ReplyToSessionId"] = (m, v) => m.ReplyToSessionId = v,
    };

    public static bool IsKnown(string name) => Readers.ContainsKey(name);

    public static bool IsWritable(string name) => Writers.ContainsKey(name);

    public static object? Read(BrokerMessage message, string name) => Readers[name](message);

    public static void Write(BrokerMessage message, string name, string? value) => Writers[name](message, value);
}
