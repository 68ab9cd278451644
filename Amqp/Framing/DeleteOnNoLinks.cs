namespace Amqp.Framing;

/// <summary>Delete a dynamic node when it has no links: a lifetime policy for dynamic-node-properties (<c>amqp:delete-on-no-links:list</c>, 0x2c).</summary>
public sealed class DeleteOnNoLinks : DescribedList
{
    public const ulong Descriptor = 0x2c;

    public static readonly AmqpSymbol DescriptorName = new("amqp:delete-on-no-links:list");

    public override ulong DescriptorCode => Descriptor;

    protected override void WriteFields(ref FieldWriter fields)
    {
    }

    protected override void ReadField(ref AmqpReader reader, int index) => reader.SkipValue();
}
