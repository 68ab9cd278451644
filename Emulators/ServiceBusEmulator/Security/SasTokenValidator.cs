using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace ServiceBusEmulator.Security;

/// <summary>
/// Validates CBS SAS tokens against the namespace's one key. A token authorises an audience when its resource
/// (<c>sr</c>) is the audience or a path prefix of it, compared the way Azure does it in spirit: case-insensitive,
/// scheme and port ignored (clients differ: JS includes the port, .NET does not), trailing '/' ignored, and a prefix
/// must end at a path-segment boundary (<c>sb://h/q1</c> authorises <c>sb://h/q1/$management</c>, not <c>sb://h/q12</c>).
/// A namespace token (<c>sr=sb://host/</c>) therefore authorises every entity.
/// </summary>
public sealed class SasTokenValidator(string keyName, string key, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string KeyName { get; } = keyName;

    public TokenValidationResult Validate(string? token, string audience)
    {
        if (!SharedAccessSignature.TryParse(token, out var signature, out var problem))
        {
            return TokenValidationResult.Invalid($"Malformed SAS token: {problem}.");
        }

        if (!string.Equals(signature!.KeyName, KeyName, StringComparison.Ordinal))
        {
            return TokenValidationResult.Invalid($"The SAS key name '{signature.KeyName}' is unknown.");
        }

        var expiry = signature.ExpiresAtUnixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var expected = Convert.FromBase64String(SasTokenGenerator.Sign(WebUtility.UrlEncode(signature.Resource), expiry, key));
        byte[] actual;
        try
        {
            actual = Convert.FromBase64String(signature.Signature);
        }
        catch (FormatException)
        {
            return TokenValidationResult.Invalid("The SAS signature is not base64.");
        }

        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return TokenValidationResult.Invalid("The SAS signature does not match the key.");
        }

        if (signature.ExpiresAt <= _time.GetUtcNow())
        {
            return TokenValidationResult.Invalid($"The SAS token expired at {signature.ExpiresAt:u}.");
        }

        if (!Authorises(signature.Resource, audience))
        {
            return TokenValidationResult.Invalid($"The SAS token for '{signature.Resource}' does not authorise '{audience}'.");
        }

        return TokenValidationResult.Valid(signature.ExpiresAt);
    }

    internal static bool Authorises(string resource, string audience)
    {
        var (resourceHost, resourcePath) = Split(resource);
        var (audienceHost, audiencePath) = Split(audience);
        if (!string.Equals(resourceHost, audienceHost, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return resourcePath.Length == 0
            || string.Equals(resourcePath, audiencePath, StringComparison.OrdinalIgnoreCase)
            || audiencePath.StartsWith(resourcePath + "/", StringComparison.OrdinalIgnoreCase);
    }

    private static (string Host, string Path) Split(string uri)
    {
        var text = uri.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            text = text[(scheme + 3)..];
        }

        var slash = text.IndexOf('/');
        var authority = slash < 0 ? text : text[..slash];
        var path = slash < 0 ? string.Empty : text[(slash + 1)..];
        var colon = authority.LastIndexOf(':');
        var host = colon < 0 ? authority : authority[..colon];
        return (host, path.Trim('/'));
    }
}
