namespace ServiceBus.Authorization;

/// <summary>Signs a fresh SAS token per audience from the connection string's key.</summary>
internal sealed class SharedAccessKeyTokenProvider(string keyName, string key, TimeSpan validity, TimeProvider time) : ICbsTokenProvider
{
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromHours(1);

    public ValueTask<CbsToken> GetTokenAsync(string audience, CancellationToken cancellationToken)
    {
        var expiresOn = time.GetUtcNow() + validity;
        return ValueTask.FromResult(new CbsToken(SharedAccessSignature.Create(audience, keyName, key, expiresOn), SharedAccessSignature.TokenType, expiresOn));
    }
}
