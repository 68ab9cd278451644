namespace Amqp.Messaging;

/// <summary>A body section holding one AMQP value (<c>amqp:amqp-value:*</c>, 0x77).</summary>
public sealed class AmqpValue(object? value)
{
    public const ulong Descriptor = 0x77;

    public object? Value { get; } = value;

    public void Encode(AmqpWriter writer)
    {
        writer.WriteDescriptor(Descriptor);
        writer.WriteValue(Value);
    }
}
