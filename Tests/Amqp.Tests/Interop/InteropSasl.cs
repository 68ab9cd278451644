namespace Amqp.Tests.Interop;

/// <summary>The SASL mechanism a client uses: ANONYMOUS, or PLAIN with a user name and password.</summary>
public sealed record InteropSasl(string Mechanism, string? UserName = null, string? Password = null)
{
    public const string User = "interop";

    public const string Secret = "interop-secret";

    public static readonly InteropSasl Anonymous = new("ANONYMOUS");

    public static InteropSasl Plain(string password = Secret) => new("PLAIN", User, password);

    public static InteropSasl Named(string mechanism) => mechanism == "PLAIN" ? Plain() : Anonymous;
}
