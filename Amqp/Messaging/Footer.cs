namespace Amqp.Messaging;

/// <summary>Annotations computed over the whole message (hashes, signatures) (<c>amqp:footer:map</c>, 0x78).</summary>
public sealed class Footer(AmqpMap? map = null) : MapSection(map)
{
    public const ulong Descriptor = 0x78;

    public override ulong DescriptorCode => Descriptor;
}
