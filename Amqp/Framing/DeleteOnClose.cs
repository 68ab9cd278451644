namespace Amqp.Framing;

/// <summary>Delete a dynamic node when the link that created it closes: a lifetime policy for dynamic-node-properties (<c>amqp:delete-on-close:list</c>, 0x2b).</summary>
public sealed class DeleteOnClose : DescribedList
{
    public const ulong Descriptor = 0x2b;

    public static readonly AmqpSymbol DescriptorName = new("amqp:delete-on-close:list");

    public override ulong DescriptorCode => Descriptor;

    protected override void WriteFields(ref FieldWriter fields)
    {
    }

    protected override void ReadField(ref AmqpReader reader, int index) => reader.SkipValue();
}
