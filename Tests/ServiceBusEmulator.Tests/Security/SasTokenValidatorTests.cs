using ServiceBusEmulator.Security;
using ServiceBusEmulator.Tests.Support;

namespace ServiceBusEmulator.Tests.Security;

public class SasTokenValidatorTests
{
    private const string KeyName = "RootManageSharedAccessKey";
    private const string Key = "SAS_KEY_VALUE";
    private readonly ManualTimeProvider _clock = new();
    private readonly SasTokenValidator _validator;

    public SasTokenValidatorTests()
    {
        _validator = new SasTokenValidator(KeyName, Key, _clock);
    }

    private string Token(string audience, string keyName = KeyName, string key = Key, TimeSpan? lifetime = null) =>
        SasTokenGenerator.Create(audience, keyName, key, _clock.GetUtcNow() + (lifetime ?? TimeSpan.FromHours(1)));

    [Fact]
    public void Token_for_the_entity_is_accepted_with_202()
    {
        var result = _validator.Validate(Token("sb://127.0.0.1:5672/q1"), "sb://127.0.0.1:5672/q1");

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(202, result.StatusCode);
    }

    [Fact]
    public void Signature_matches_the_documented_algorithm()
    {
        // HMAC-SHA256 keyed with the UTF-8 key over urlencode(audience) + "\n" + expiry, as the SDKs compute it.
        var expiry = 1_900_000_000L;
        var audience = "sb://127.0.0.1:5672/q1";
        using var hmac = new System.Security.Cryptography.HMACSHA256(System.Text.Encoding.UTF8.GetBytes(Key));
        var expected = Convert.ToBase64String(hmac.ComputeHash(System.Text.Encoding.UTF8.GetBytes("sb%3A%2F%2F127.0.0.1%3A5672%2Fq1\n1900000000")));

        var token = SasTokenGenerator.Create(audience, KeyName, Key, DateTimeOffset.FromUnixTimeSeconds(expiry));

        Assert.True(SharedAccessSignature.TryParse(token, out var parsed, out _));
        Assert.Equal(expected, parsed!.Signature);
        Assert.Equal(audience, parsed.Resource);
    }

    [Fact]
    public void Namespace_token_authorises_every_entity_and_management_node()
    {
        var token = Token("sb://localhost/");

        Assert.True(_validator.Validate(token, "sb://localhost:5672/q1").IsValid);
        Assert.True(_validator.Validate(token, "sb://localhost/topic/Subscriptions/s1/$management").IsValid);
    }

    [Fact]
    public void Entity_token_authorises_its_subqueue_and_management_node_case_insensitively()
    {
        var token = Token("sb://localhost:5672/Q1");

        Assert.True(_validator.Validate(token, "sb://localhost:5672/q1/$DeadLetterQueue").IsValid);
        Assert.True(_validator.Validate(token, "amqp://LOCALHOST/q1/$management").IsValid);
    }

    [Fact]
    public void Entity_token_does_not_authorise_an_entity_sharing_its_prefix()
    {
        var result = _validator.Validate(Token("sb://localhost/q1"), "sb://localhost/q12");

        Assert.False(result.IsValid);
        Assert.Equal(401, result.StatusCode);
        Assert.Contains("does not authorise", result.Reason);
    }

    [Fact]
    public void Token_for_another_host_is_rejected()
    {
        Assert.False(_validator.Validate(Token("sb://elsewhere/q1"), "sb://localhost/q1").IsValid);
    }

    [Fact]
    public void Wrong_key_is_rejected()
    {
        var result = _validator.Validate(Token("sb://localhost/q1", key: "not-the-key"), "sb://localhost/q1");

        Assert.False(result.IsValid);
        Assert.Contains("signature does not match", result.Reason);
    }

    [Fact]
    public void Unknown_key_name_is_rejected()
    {
        var result = _validator.Validate(Token("sb://localhost/q1", keyName: "Listen"), "sb://localhost/q1");

        Assert.False(result.IsValid);
        Assert.Contains("key name 'Listen' is unknown", result.Reason);
    }

    [Fact]
    public void Expired_token_is_rejected_with_the_reason()
    {
        var token = Token("sb://localhost/q1", lifetime: TimeSpan.FromMinutes(5));
        _clock.Advance(TimeSpan.FromMinutes(6));

        var result = _validator.Validate(token, "sb://localhost/q1");

        Assert.False(result.IsValid);
        Assert.Contains("expired", result.Reason);
    }

    [Fact]
    public void Tampered_audience_is_rejected()
    {
        var token = Token("sb://localhost/q1").Replace("q1", "q2", StringComparison.Ordinal);

        Assert.False(_validator.Validate(token, "sb://localhost/q2").IsValid);
    }

    [Theory]
    [InlineData(null, "no token")]
    [InlineData("", "no token")]
    [InlineData("Bearer abc", "does not start with 'SharedAccessSignature '")]
    [InlineData("SharedAccessSignature sr=a&sig=b&se=1", "must have sr, sig, se and skn")]
    [InlineData("SharedAccessSignature sr=a&sig=b&se=soon&skn=k", "is not a number")]
    [InlineData("SharedAccessSignature sr=a&sig=b&se=1&skn=k&x=y", "unknown field 'x'")]
    public void Malformed_token_is_rejected_with_the_problem(string? token, string expected)
    {
        var result = _validator.Validate(token, "sb://localhost/q1");

        Assert.False(result.IsValid);
        Assert.Contains(expected, result.Reason);
    }
}
