using System.Net.Security;
using Amqp.Sasl;

namespace Amqp;

/// <summary>What this side announces in its open, and how it authenticates.</summary>
public sealed class AmqpConnectionSettings
{
    /// <summary>Our container id; a new GUID when not set.</summary>
    public string ContainerId { get; set; } = Guid.NewGuid().ToString("N");

    /// <summary>The host name sent in open and sasl-init (virtual host); the address host when connecting by address.</summary>
    public string? HostName { get; set; }

    /// <summary>The largest frame we accept. Incoming frames above it are refused before any buffer grows.</summary>
    public uint MaxFrameSize { get; set; } = 256 * 1024;

    /// <summary>The highest channel (session) number we accept.</summary>
    public ushort ChannelMax { get; set; } = 255;

    /// <summary>
    /// How long the peer may stay silent before we close the connection; zero disables the check. The peer is told,
    /// and keeps the connection alive with empty frames at half this interval.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The most bytes of unfinished multi-frame deliveries held across all links of the connection; a peer that
    /// opens many links and leaves large deliveries half-sent gets <c>amqp:resource-limit-exceeded</c>.
    /// </summary>
    public long MaxBufferedIncomingBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The properties map of our open (symbol keys by convention).</summary>
    public AmqpMap? Properties { get; set; }

    public AmqpSymbol[]? OfferedCapabilities { get; set; }

    public AmqpSymbol[]? DesiredCapabilities { get; set; }

    /// <summary>Client side: the SASL profile to use, or null to skip SASL (plain AMQP header).</summary>
    public SaslProfile? Sasl { get; set; }

    /// <summary>How long opening (SASL, protocol headers, open exchange) may take.</summary>
    public TimeSpan OpenTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long <see cref="AmqpConnection.CloseAsync"/> waits for the peer's close before dropping the socket.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Validates the server certificate for amqps/wss; the platform's validation when null.</summary>
    public RemoteCertificateValidationCallback? RemoteCertificateValidation { get; set; }

    internal AmqpConnectionSettings Clone() => (AmqpConnectionSettings)MemberwiseClone();
}
