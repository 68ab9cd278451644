using Azure.Core;

namespace ServiceBus.Authorization;

/// <summary>Microsoft Entra ID access tokens (any <see cref="TokenCredential"/>), put to CBS as type <c>jwt</c>.</summary>
internal sealed class EntraIdTokenProvider(TokenCredential credential) : ICbsTokenProvider
{
    public const string Scope = "https://servicebus.azure.net/.default";
    public const string TokenType = "jwt";

    public async ValueTask<CbsToken> GetTokenAsync(string audience, CancellationToken cancellationToken)
    {
        // One token covers the whole namespace; the credential caches and refreshes it itself.
        var token = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken).ConfigureAwait(false);
        return new CbsToken(token.Token, TokenType, token.ExpiresOn);
    }
}
