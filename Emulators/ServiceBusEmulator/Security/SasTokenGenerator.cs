using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace ServiceBusEmulator.Security;

/// <summary>Creates SAS tokens the way the Service Bus SDKs do (used by tests and by our own client's tests).</summary>
public static class SasTokenGenerator
{
    public static string Create(string audience, string keyName, string key, DateTimeOffset expiresAt)
    {
        var expiry = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var encodedAudience = WebUtility.UrlEncode(audience);
        var signature = Sign(encodedAudience, expiry, key);
        return $"SharedAccessSignature sr={encodedAudience}&sig={WebUtility.UrlEncode(signature)}&se={expiry}&skn={WebUtility.UrlEncode(keyName)}";
    }

    /// <summary>HMAC-SHA256 keyed with the key's UTF-8 bytes (not base64-decoded) over <c>urlencode(audience) + "\n" + expiry</c>.</summary>
    internal static string Sign(string encodedAudience, string expiry, string key)
    {
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(encodedAudience + "\n" + expiry));
        return Convert.ToBase64String(hash);
    }
}
