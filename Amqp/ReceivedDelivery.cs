using Amqp.Framing;
using Amqp.Messaging;

namespace Amqp;

/// <summary>A complete delivery received on a link: the raw payload, its format, and settlement bookkeeping.</summary>
public sealed class ReceivedDelivery
{
    internal ReceivedDelivery(ReceiverLink link, uint deliveryId, byte[] tag, uint messageFormat, bool settled, ReadOnlyMemory<byte> payload)
    {
        Link = link;
        DeliveryId = deliveryId;
        DeliveryTag = tag;
        MessageFormat = messageFormat;
        IsSettledBySender = settled;
        Payload = payload;
    }

    public ReceiverLink Link { get; }

    public uint DeliveryId { get; }

    /// <summary>The opaque tag the sender chose (Service Bus: the 16-byte lock token).</summary>
    public byte[] DeliveryTag { get; }

    /// <summary>0 for a bare message; 0x80013700 for a Service Bus batch (one data section per inner message).</summary>
    public uint MessageFormat { get; }

    /// <summary>True when the sender sent it settled: nothing to acknowledge.</summary>
    public bool IsSettledBySender { get; }

    /// <summary>The encoded message (all frames of a multi-frame transfer joined).</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The state the sender last reported.</summary>
    public DeliveryState? RemoteState { get; internal set; }

    public bool IsSettled { get; internal set; }

    /// <summary>The state we last reported for this delivery.</summary>
    public DeliveryState? LocalState { get; internal set; }

    internal TaskCompletionSource<DeliveryState?>? Settlement { get; set; }

    /// <summary>Decodes the payload; data sections stay views over <see cref="Payload"/>.</summary>
    public AmqpMessage GetMessage() => AmqpMessage.Decode(Payload);
}
