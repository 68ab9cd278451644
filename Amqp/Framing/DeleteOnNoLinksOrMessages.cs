namespace Amqp.Framing;

/// <summary>Delete a dynamic node when it has neither links nor messages: a lifetime policy for dynamic-node-properties (<c>amqp:delete-on-no-links-or-messages:list</c>, 0x2e).</summary>
public sealed class DeleteOnNoLinksOrMessages : DescribedList
{
    public const ulong Descriptor = 0x2e;

    public static readonly AmqpSymbol DescriptorName = new("amqp:delete-on-no-links-or-messages:list");

    public override ulong DescriptorCode => Descriptor;

    protected override void WriteFields(ref FieldWriter fields)
    {
    }

    protected override void ReadField(ref AmqpReader reader, int index) => reader.SkipValue();
}
