namespace Amqp.Messaging;

/// <summary>A body section holding a list of AMQP values (<c>amqp:amqp-sequence:list</c>, 0x76).</summary>
public sealed class AmqpSequence(AmqpList list)
{
    public const ulong Descriptor = 0x76;

    public AmqpList List { get; } = list;

    public void Encode(AmqpWriter writer)
    {
        writer.WriteDescriptor(Descriptor);
        writer.WriteList(List);
    }
}
