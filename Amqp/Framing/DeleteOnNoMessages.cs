namespace Amqp.Framing;

/// <summary>Delete a dynamic node when it holds no messages: a lifetime policy for dynamic-node-properties (<c>amqp:delete-on-no-messages:list</c>, 0x2d).</summary>
public sealed class DeleteOnNoMessages : DescribedList
{
    public const ulong Descriptor = 0x2d;

    public static readonly AmqpSymbol DescriptorName = new("amqp:delete-on-no-messages:list");

    public override ulong DescriptorCode => Descriptor;

    protected override void WriteFields(ref FieldWriter fields)
    {
    }

    protected override void ReadField(ref AmqpReader reader, int index) => reader.SkipValue();
}
