namespace Amqp.Messaging;

/// <summary>An opaque binary body section (<c>amqp:data:binary</c>, 0x75).</summary>
public sealed class Data(ReadOnlyMemory<byte> binary)
{
    public const ulong Descriptor = 0x75;

    public ReadOnlyMemory<byte> Binary { get; } = binary;

    public void Encode(AmqpWriter writer)
    {
        writer.WriteDescriptor(Descriptor);
        writer.WriteBinary(Binary.Span);
    }
}
