namespace ServiceBusEmulator.Security;

/// <summary>
/// The audiences one AMQP connection has proven access to with CBS put-token, each until its token expires. The
/// adapter records every accepted token and asks before attaching a link; a link whose address no live grant covers
/// is refused with 401 / <c>amqp:unauthorized-access</c>. A grant covers its path and everything below it
/// (<c>q1</c> covers <c>q1/$DeadLetterQueue</c> and <c>q1/$management</c>); scheme, host and case are ignored.
/// Thread-safe.
/// </summary>
public sealed class TokenGrants(TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<string, DateTimeOffset> _grants = new(StringComparer.OrdinalIgnoreCase);

    public void Grant(string audience, DateTimeOffset expiresAt)
    {
        var path = PathOf(audience);
        lock (_grants)
        {
            // A renewed token for the same audience replaces the old one (SDKs renew before expiry).
            _grants[path] = expiresAt;
        }
    }

    public bool Covers(string address)
    {
        var path = PathOf(address);
        var now = _time.GetUtcNow();
        lock (_grants)
        {
            foreach (var (granted, expiresAt) in _grants)
            {
                if (expiresAt > now
                    && (granted.Length == 0
                        || path.Equals(granted, StringComparison.OrdinalIgnoreCase)
                        || path.StartsWith(granted + "/", StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string PathOf(string address)
    {
        var text = address.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var slash = text.IndexOf('/', scheme + 3);
            text = slash < 0 ? string.Empty : text[slash..];
        }

        return text.Trim('/');
    }
}
