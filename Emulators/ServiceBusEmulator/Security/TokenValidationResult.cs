namespace ServiceBusEmulator.Security;

/// <summary>The outcome of a CBS put-token: on failure <see cref="Reason"/> goes into the 401's status-description.</summary>
public sealed record TokenValidationResult(bool IsValid, string Reason)
{
    public int StatusCode => IsValid ? 202 : 401;

    public static TokenValidationResult Valid { get; } = new(true, "Accepted");

    public static TokenValidationResult Invalid(string reason) => new(false, reason);
}
