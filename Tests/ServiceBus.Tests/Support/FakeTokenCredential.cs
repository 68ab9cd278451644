using Azure.Core;

namespace ServiceBus.Tests.Support;

/// <summary>A TokenCredential stand-in (the dependency Azure.Identity would fill): numbered tokens with a chosen lifetime.</summary>
public sealed class FakeTokenCredential(TimeSpan lifetime) : TokenCredential
{
    private int _issued;

    public List<string[]> RequestedScopes { get; } = [];

    public int Issued => Volatile.Read(ref _issued);

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        lock (RequestedScopes)
        {
            RequestedScopes.Add(requestContext.Scopes);
        }

        var number = Interlocked.Increment(ref _issued);
        return new AccessToken($"jwt-{number}", DateTimeOffset.UtcNow + lifetime);
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
