namespace ServiceBusEmulator.Amqp;

/// <summary>
/// Normalises a link address the way Service Bus does (brief §3): JS sends <c>q1</c>, .NET <c>/q1</c>, and some
/// clients the full <c>sb://host:port/q1</c>. The result has no scheme, host or leading/trailing slash.
/// </summary>
internal static class NodeAddress
{
    public static string Normalize(object? address)
    {
        var text = address switch
        {
            string s => s,
            AmqpSymbol symbol => symbol.Value,
            null => string.Empty,
            _ => address.ToString() ?? string.Empty,
        };
        text = text.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var slash = text.IndexOf('/', scheme + 3);
            text = slash < 0 ? string.Empty : text[slash..];
        }

        return text.Trim('/');
    }

    public static bool IsCbs(string path) => path.Equals(ServiceBusAmqpNames.CbsNode, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for <c>&lt;entity&gt;/$management</c>; <paramref name="entityPath"/> is the part before it.</summary>
    public static bool IsManagement(string path, out string entityPath)
    {
        if (path.EndsWith(ServiceBusAmqpNames.ManagementSuffix, StringComparison.OrdinalIgnoreCase))
        {
            entityPath = path[..^ServiceBusAmqpNames.ManagementSuffix.Length];
            return true;
        }

        entityPath = path;
        return false;
    }
}
