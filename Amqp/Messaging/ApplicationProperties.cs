namespace Amqp.Messaging;

/// <summary>Application-defined properties (Service Bus uses string keys) (<c>amqp:application-properties:map</c>, 0x74).</summary>
public sealed class ApplicationProperties(AmqpMap? map = null) : MapSection(map)
{
    public const ulong Descriptor = 0x74;

    public override ulong DescriptorCode => Descriptor;
}
