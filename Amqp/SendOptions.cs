namespace Amqp;

/// <summary>Per-delivery choices for <see cref="SenderLink.SendAsync(ReadOnlyMemory{byte}, SendOptions?, CancellationToken)"/>.</summary>
public sealed class SendOptions
{
    /// <summary>The transfer's message-format (0x80013700 for a Service Bus batch).</summary>
    public uint MessageFormat { get; set; }

    /// <summary>The delivery tag; a 4-byte counter when not set.</summary>
    public ReadOnlyMemory<byte>? DeliveryTag { get; set; }

    /// <summary>With snd-settle-mode mixed: send settled (pre-settled) instead of awaiting the outcome.</summary>
    public bool? Settled { get; set; }
}
