namespace ServiceBusEmulator.Broker;

/// <summary>
/// A link address or CBS audience reduced to the entity it names. Accepts what both SDKs send (brief §3):
/// <c>q1</c>, <c>/q1</c>, <c>sb://host:5672/q1</c>, <c>q1/$DeadLetterQueue</c>, <c>topic/Subscriptions/sub</c>,
/// and any of these followed by <c>/$management</c>. Matching against entities is case-insensitive.
/// </summary>
public sealed record EntityAddress(string EntityPath, SubQueue SubQueue, bool IsManagement)
{
    private const string DeadLetterSuffix = "/$DeadLetterQueue";
    private const string ManagementSuffix = "/$management";

    /// <summary>The path of the message store: the entity path, plus <c>/$DeadLetterQueue</c> for the subqueue.</summary>
    public string StorePath => SubQueue == SubQueue.DeadLetter ? EntityPath + DeadLetterSuffix : EntityPath;

    public static EntityAddress Parse(string address)
    {
        var path = StripSchemeAndHost(address.Trim()).Trim('/');
        var isManagement = false;
        if (path.EndsWith(ManagementSuffix, StringComparison.OrdinalIgnoreCase))
        {
            isManagement = true;
            path = path[..^ManagementSuffix.Length];
        }
        else if (path.Equals("$management", StringComparison.OrdinalIgnoreCase))
        {
            return new EntityAddress(string.Empty, SubQueue.None, IsManagement: true);
        }

        var subQueue = SubQueue.None;
        if (path.EndsWith(DeadLetterSuffix, StringComparison.OrdinalIgnoreCase))
        {
            subQueue = SubQueue.DeadLetter;
            path = path[..^DeadLetterSuffix.Length];
        }

        return new EntityAddress(path, subQueue, isManagement);
    }

    private static string StripSchemeAndHost(string address)
    {
        var scheme = address.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return address;
        }

        var pathStart = address.IndexOf('/', scheme + 3);
        return pathStart < 0 ? string.Empty : address[pathStart..];
    }
}
