using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Azure.Core;

namespace Consumer.Tests;

/// <summary>
/// Stands in for Entra ID: issues tokens shaped like its access tokens (audience, Entra issuer, lifetime) and records
/// the scopes asked for. The local emulators check the shape (Azurite in OAuth mode) or nothing (Cosmos), not the signature.
/// </summary>
internal sealed class TestTokenCredential(string audience) : TokenCredential
{
    public ConcurrentQueue<string> RequestedScopes { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var scope in requestContext.Scopes)
        {
            RequestedScopes.Enqueue(scope);
        }

        var now = DateTimeOffset.UtcNow;
        var payload = new Dictionary<string, object>
        {
            ["aud"] = audience,
            ["iss"] = "https://sts.windows.net/00000000-0000-0000-0000-000000000000/",
            ["iat"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
        var token = $"{Encode(new Dictionary<string, object> { ["alg"] = "RS256", ["typ"] = "JWT" })}.{Encode(payload)}.c2lnbmF0dXJl";
        return new AccessToken(token, now.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));

    private static string Encode(Dictionary<string, object> part) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(part))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
