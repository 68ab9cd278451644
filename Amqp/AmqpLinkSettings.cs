using Amqp.Framing;

namespace Amqp;

/// <summary>The fields of the attach we send, plus local behaviour (credit, message size limit).</summary>
public sealed class AmqpLinkSettings
{
    /// <summary>The link name; a new GUID when not set.</summary>
    public string? Name { get; set; }

    public Source? Source { get; set; }

    public Target? Target { get; set; }

    public SenderSettleMode SenderSettleMode { get; set; } = SenderSettleMode.Mixed;

    public ReceiverSettleMode ReceiverSettleMode { get; set; } = ReceiverSettleMode.First;

    /// <summary>
    /// The largest message we accept on this link (announced in attach). Multi-frame deliveries above it close the
    /// link with <c>amqp:link:message-size-exceeded</c>, so one link can never buffer more than this.
    /// </summary>
    public ulong MaxMessageSize { get; set; } = 16 * 1024 * 1024;

    public AmqpMap? Properties { get; set; }

    public AmqpSymbol[]? OfferedCapabilities { get; set; }

    public AmqpSymbol[]? DesiredCapabilities { get; set; }

    /// <summary>Receiver: credit granted when the link attaches (pre-fetch). Zero means "call SetCredit yourself".</summary>
    public uint Credit { get; set; } = 200;

    /// <summary>Receiver: top the credit back up to <see cref="Credit"/> as deliveries arrive.</summary>
    public bool AutoRefillCredit { get; set; } = true;

    /// <summary>How long attaching may take.</summary>
    public TimeSpan AttachTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
