using ServiceBusEmulator.Security;
using ServiceBusEmulator.Tests.Support;

namespace ServiceBusEmulator.Tests.Security;

public class TokenGrantsTests
{
    private readonly ManualTimeProvider _clock = new();
    private readonly TokenGrants _grants;

    public TokenGrantsTests()
    {
        _grants = new TokenGrants(_clock);
    }

    [Fact]
    public void Link_is_covered_by_a_token_for_its_entity_whatever_the_address_form()
    {
        _grants.Grant("sb://127.0.0.1:5672/Q1", _clock.GetUtcNow().AddHours(1));

        Assert.True(_grants.Covers("q1"));
        Assert.True(_grants.Covers("/q1"));
        Assert.True(_grants.Covers("q1/$DeadLetterQueue"));
        Assert.True(_grants.Covers("q1/$management"));
        Assert.False(_grants.Covers("q12"));
        Assert.False(_grants.Covers("q2"));
    }

    [Fact]
    public void Namespace_token_covers_every_link()
    {
        _grants.Grant("sb://localhost/", _clock.GetUtcNow().AddHours(1));

        Assert.True(_grants.Covers("topic/Subscriptions/sub"));
    }

    [Fact]
    public void Nothing_is_covered_without_a_token()
    {
        Assert.False(_grants.Covers("q1"));
    }

    [Fact]
    public void Expired_grant_no_longer_covers_and_a_renewal_restores_it()
    {
        _grants.Grant("sb://localhost/q1", _clock.GetUtcNow().AddMinutes(1));
        _clock.Advance(TimeSpan.FromMinutes(2));

        Assert.False(_grants.Covers("q1"));

        _grants.Grant("sb://localhost/q1", _clock.GetUtcNow().AddMinutes(1));
        Assert.True(_grants.Covers("q1"));
    }

    [Fact]
    public void Validation_result_carries_the_token_expiry_for_the_grant()
    {
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(_clock.GetUtcNow().AddHours(1).ToUnixTimeSeconds());
        var validator = new SasTokenValidator("RootManageSharedAccessKey", "SAS_KEY_VALUE", _clock);

        var result = validator.Validate(SasTokenGenerator.Create("sb://localhost/q1", "RootManageSharedAccessKey", "SAS_KEY_VALUE", expiresAt), "sb://localhost/q1");

        Assert.True(result.IsValid);
        Assert.Equal(expiresAt, result.ExpiresAt);
    }
}
