using System.Text;

namespace Amqp.Sasl;

/// <summary>What a client presented in its sasl-init, for a server to decide on.</summary>
public sealed class SaslAuthentication(SaslInit init)
{
    public AmqpSymbol Mechanism { get; } = init.Mechanism ?? default;

    public string? HostName { get; } = init.Hostname;

    public ReadOnlyMemory<byte> InitialResponse { get; } = init.InitialResponse ?? ReadOnlyMemory<byte>.Empty;

    /// <summary>For PLAIN: the authentication identity; null for other mechanisms.</summary>
    public string? UserName => PlainParts()?.UserName;

    /// <summary>For PLAIN: the password; null for other mechanisms.</summary>
    public string? Password => PlainParts()?.Password;

    private (string UserName, string Password)? PlainParts()
    {
        if (Mechanism != SaslProfile.PlainName)
        {
            return null;
        }

        var parts = Encoding.UTF8.GetString(InitialResponse.Span).Split('\0');
        return parts.Length == 3 ? (parts[1], parts[2]) : null;
    }
}
