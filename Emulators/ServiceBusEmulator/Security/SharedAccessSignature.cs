using System.Net;

namespace ServiceBusEmulator.Security;

/// <summary>
/// A parsed <c>SharedAccessSignature sr=…&amp;sig=…&amp;se=…&amp;skn=…</c> token (fields in any order, URL-encoded).
/// </summary>
public sealed record SharedAccessSignature(string Resource, string Signature, long ExpiresAtUnixSeconds, string KeyName)
{
    private const string Prefix = "SharedAccessSignature ";

    public DateTimeOffset ExpiresAt => DateTimeOffset.FromUnixTimeSeconds(ExpiresAtUnixSeconds);

    public static bool TryParse(string? token, out SharedAccessSignature? signature, out string problem)
    {
        signature = null;
        if (string.IsNullOrWhiteSpace(token))
        {
            problem = "no token was supplied";
            return false;
        }

        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            problem = "the token does not start with 'SharedAccessSignature '";
            return false;
        }

        string? resource = null, sig = null, expiry = null, keyName = null;
        foreach (var part in token[Prefix.Length..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                problem = $"the token field '{part}' is not name=value";
                return false;
            }

            var value = WebUtility.UrlDecode(part[(equals + 1)..]);
            switch (part[..equals].Trim())
            {
                case "sr": resource = value; break;
                case "sig": sig = value; break;
                case "se": expiry = value; break;
                case "skn": keyName = value; break;
                default:
                    problem = $"the token has an unknown field '{part[..equals]}'";
                    return false;
            }
        }

        if (resource is null || sig is null || expiry is null || keyName is null)
        {
            problem = "the token must have sr, sig, se and skn";
            return false;
        }

        if (!long.TryParse(expiry, out var expiresAt))
        {
            problem = $"the token's expiry se='{expiry}' is not a number of seconds";
            return false;
        }

        signature = new SharedAccessSignature(resource, sig, expiresAt, keyName);
        problem = string.Empty;
        return true;
    }
}
