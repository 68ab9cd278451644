namespace ServiceBus.Authorization;

/// <summary>A ready-made signature from the connection string: the same token for every audience, until it expires.</summary>
internal sealed class SharedAccessSignatureTokenProvider(string signature) : ICbsTokenProvider
{
    private readonly DateTimeOffset _expiresOn = SharedAccessSignature.ReadExpiry(signature);

    public ValueTask<CbsToken> GetTokenAsync(string audience, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new CbsToken(signature, SharedAccessSignature.TokenType, _expiresOn));
}
