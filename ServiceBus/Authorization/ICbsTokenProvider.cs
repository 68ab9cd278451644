namespace ServiceBus.Authorization;

/// <summary>Supplies the token authorising one audience (<c>sb://host/entity</c>).</summary>
internal interface ICbsTokenProvider
{
    ValueTask<CbsToken> GetTokenAsync(string audience, CancellationToken cancellationToken);
}
