namespace ServiceBusEmulator.Security;

/// <summary>The outcome of a CBS put-token: on failure <see cref="Reason"/> goes into the 401's status-description.</summary>
public sealed record TokenValidationResult(bool IsValid, string Reason)
{
    public int StatusCode => IsValid ? 202 : 401;

    /// <summary>When the accepted token expires: links it authorised must be refused after that.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    public static TokenValidationResult Valid(DateTimeOffset expiresAt) => new(true, "Accepted") { ExpiresAt = expiresAt };

    public static TokenValidationResult Invalid(string reason) => new(false, reason);
}
