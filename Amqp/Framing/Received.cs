namespace Amqp.Framing;

/// <summary>A partial delivery state (how far the receiver got) (<c>amqp:received:list</c>, 0x00000000:0x00000023).</summary>
public sealed partial class Received : DeliveryState
{
    public const ulong Descriptor = 0x23;

    public static readonly AmqpSymbol DescriptorName = new("amqp:received:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The <c>section-number</c> field. Mandatory.</summary>
    public uint? SectionNumber { get; set; }

    /// <summary>The <c>section-offset</c> field. Mandatory.</summary>
    public ulong? SectionOffset { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.Write(SectionNumber);
        fields.Write(SectionOffset);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: SectionNumber = reader.ReadNullableUInt(); break;
            case 1: SectionOffset = reader.ReadNullableULong(); break;
            default: reader.SkipValue(); break;
        }
    }

    protected override void Validate()
    {
        if (SectionNumber is null)
        {
            throw MissingField("section-number");
        }

        if (SectionOffset is null)
        {
            throw MissingField("section-offset");
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
        SectionNumber = null;
        SectionOffset = null;
    }
}
