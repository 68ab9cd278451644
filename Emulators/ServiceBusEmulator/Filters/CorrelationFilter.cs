using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Filters;

/// <summary>
/// Matches when every property set on the filter equals the message's (a logical AND); system properties
/// compare as case-sensitive strings, user properties by value (numbers compare numerically).
/// </summary>
public sealed class CorrelationFilter : RuleFilter
{
    public string? ContentType { get; init; }
    public string? CorrelationId { get; init; }
    public string? Subject { get; init; }
    public string? MessageId { get; init; }
    public string? ReplyTo { get; init; }
    public string? ReplyToSessionId { get; init; }
    public string? SessionId { get; init; }
    public string? To { get; init; }
    public IReadOnlyDictionary<string, object?> Properties { get; init; } = new Dictionary<string, object?>();

    public bool IsEmpty =>
        ContentType is null && CorrelationId is null && Subject is null && MessageId is null && ReplyTo is null
        && ReplyToSessionId is null && SessionId is null && To is null && Properties.Count == 0;

    public override bool Matches(BrokerMessage message)
    {
        if (!Same(ContentType, message.ContentType) || !Same(CorrelationId, message.CorrelationId)
            || !Same(Subject, message.Subject) || !Same(MessageId, message.MessageId)
            || !Same(ReplyTo, message.ReplyTo) || !Same(ReplyToSessionId, message.ReplyToSessionId)
            || !Same(SessionId, message.SessionId) || !Same(To, message.To))
        {
            return false;
        }

        foreach (var (name, expected) in Properties)
        {
            if (!message.TryGetApplicationProperty(name, out var actual) || SqlValue.Compare(expected, actual) != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Same(string? expected, string? actual) =>
        expected is null || string.Equals(expected, actual, StringComparison.Ordinal);
}
