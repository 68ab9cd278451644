using System.Net;
using System.Security.Cryptography;
using System.Text;
using ServiceBus.Authorization;
using SasTokenValidator = ServiceBusEmulator.Security.SasTokenValidator;

namespace ServiceBus.Tests.Unit;

public sealed class SharedAccessSignatureTests
{
    private static readonly DateTimeOffset Expiry = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);

    [Fact]
    public void Token_signs_the_url_encoded_audience_and_expiry_with_the_key_text()
    {
        var token = SharedAccessSignature.Create("sb://127.0.0.1:5672/q1", "RootManageSharedAccessKey", "SAS_KEY_VALUE", Expiry);

        // The vector, computed independently: HMAC-SHA256(key = UTF-8 of the key string, "urlenc(audience)\nexpiry").
        var expectedSignature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes("SAS_KEY_VALUE"),
            Encoding.UTF8.GetBytes("sb%3A%2F%2F127.0.0.1%3A5672%2Fq1\n1900000000")));
        Assert.Equal(
            $"SharedAccessSignature sr=sb%3A%2F%2F127.0.0.1%3A5672%2Fq1&sig={WebUtility.UrlEncode(expectedSignature)}&se=1900000000&skn=RootManageSharedAccessKey",
            token);
    }

    [Fact]
    public void Emulator_validator_accepts_the_token_and_rejects_it_for_another_key()
    {
        var token = SharedAccessSignature.Create("sb://localhost/orders", "RootManageSharedAccessKey", "SAS_KEY_VALUE", DateTimeOffset.UtcNow.AddHours(1));

        Assert.True(new SasTokenValidator("RootManageSharedAccessKey", "SAS_KEY_VALUE").Validate(token, "sb://localhost/orders").IsValid);
        Assert.False(new SasTokenValidator("RootManageSharedAccessKey", "other").Validate(token, "sb://localhost/orders").IsValid);
    }

    [Fact]
    public void Ready_made_signature_reports_its_expiry()
    {
        var token = SharedAccessSignature.Create("sb://h/q", "k", "v", Expiry);

        Assert.Equal(Expiry, SharedAccessSignature.ReadExpiry(token));
        Assert.Throws<FormatException>(() => SharedAccessSignature.ReadExpiry("SharedAccessSignature sr=x&sig=y"));
    }
}
