namespace Amqp.Messaging;

/// <summary>Annotations for the next hop only (not forwarded) (<c>amqp:delivery-annotations:map</c>, 0x71).</summary>
public sealed class DeliveryAnnotations(AmqpMap? map = null) : MapSection(map)
{
    public const ulong Descriptor = 0x71;

    public override ulong DescriptorCode => Descriptor;
}
