namespace ServiceBusEmulator.Administration;

/// <summary>What an administration request path names.</summary>
internal enum AdministrationTarget
{
    NamespaceInfo,
    QueueList,
    TopicList,
    Entity,
    SubscriptionList,
    Subscription,
    RuleList,
    Rule,
}

/// <summary>
/// Parses the paths the SDKs use: <c>$namespaceinfo</c>, <c>$Resources/queues</c>, <c>$Resources/topics</c>,
/// <c>{queue-or-topic}</c>, <c>{topic}/Subscriptions[/{subscription}[/Rules[/{rule}]]]</c> (case-insensitive
/// keywords; a queue or topic name may itself contain '/').
/// </summary>
internal sealed record AdministrationPath(AdministrationTarget Target, string Entity = "", string Subscription = "", string Rule = "")
{
    public static AdministrationPath? Parse(string path)
    {
        path = path.Trim('/');
        if (path.Equals("$namespaceinfo", StringComparison.OrdinalIgnoreCase))
        {
            return new(AdministrationTarget.NamespaceInfo);
        }

        if (path.Equals("$Resources/queues", StringComparison.OrdinalIgnoreCase))
        {
            return new(AdministrationTarget.QueueList);
        }

        if (path.Equals("$Resources/topics", StringComparison.OrdinalIgnoreCase))
        {
            return new(AdministrationTarget.TopicList);
        }

        var segments = path.Split('/');
        var keyword = Array.FindIndex(segments, 1, s => s.Equals("Subscriptions", StringComparison.OrdinalIgnoreCase));
        if (segments.Length == 0 || segments[0].Length == 0)
        {
            return null;
        }

        if (keyword < 0)
        {
            return new(AdministrationTarget.Entity, path);
        }

        var topic = string.Join('/', segments[..keyword]);
        return (segments.Length - keyword) switch
        {
            1 => new(AdministrationTarget.SubscriptionList, topic),
            2 => new(AdministrationTarget.Subscription, topic, segments[keyword + 1]),
            3 when IsRules(segments[keyword + 2]) => new(AdministrationTarget.RuleList, topic, segments[keyword + 1]),
            4 when IsRules(segments[keyword + 2]) => new(AdministrationTarget.Rule, topic, segments[keyword + 1], segments[keyword + 3]),
            _ => null,
        };
    }

    private static bool IsRules(string segment) => segment.Equals("Rules", StringComparison.OrdinalIgnoreCase);

    public string SubscriptionPath => $"{Entity}/Subscriptions/{Subscription}";

    public string RulePath => $"{SubscriptionPath}/Rules/{Rule}";
}
