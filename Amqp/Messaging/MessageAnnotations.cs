namespace Amqp.Messaging;

/// <summary>Annotations that travel with the message (Service Bus puts x-opt-* values here) (<c>amqp:message-annotations:map</c>, 0x72).</summary>
public sealed class MessageAnnotations(AmqpMap? map = null) : MapSection(map)
{
    public const ulong Descriptor = 0x72;

    public override ulong DescriptorCode => Descriptor;
}
