using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace ServiceBus.Authorization;

/// <summary>
/// The Service Bus SAS token: <c>SharedAccessSignature sr=&lt;urlenc(audience)&gt;&amp;sig=&lt;urlenc(base64 HMAC)&gt;&amp;se=&lt;unix s&gt;&amp;skn=&lt;key name&gt;</c>,
/// where the HMAC-SHA256 key is the UTF-8 bytes of the key string and the signed text is <c>urlenc(audience) \n se</c>.
/// </summary>
internal static class SharedAccessSignature
{
    public const string TokenType = "servicebus.windows.net:sastoken";

    public static string Create(string audience, string keyName, string key, DateTimeOffset expiresOn)
    {
        var resource = WebUtility.UrlEncode(audience);
        var expiry = expiresOn.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(key));
        var signature = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(resource + "\n" + expiry)));
        return $"SharedAccessSignature sr={resource}&sig={WebUtility.UrlEncode(signature)}&se={expiry}&skn={WebUtility.UrlEncode(keyName)}";
    }

    /// <summary>Reads <c>se</c> from a ready-made signature (connection strings with <c>SharedAccessSignature=</c>).</summary>
    public static DateTimeOffset ReadExpiry(string signature)
    {
        var fields = signature.StartsWith("SharedAccessSignature ", StringComparison.Ordinal) ? signature["SharedAccessSignature ".Length..] : signature;
        foreach (var field in fields.Split('&'))
        {
            if (field.StartsWith("se=", StringComparison.Ordinal) &&
                long.TryParse(WebUtility.UrlDecode(field[3..]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }
        }

        throw new FormatException("The shared access signature has no 'se' (expiry) field.");
    }
}
