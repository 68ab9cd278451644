namespace Amqp.Framing;

/// <summary>Detaches a link, closing it when closed is true (<c>amqp:detach:list</c>, 0x00000000:0x00000016).</summary>
public sealed partial class Detach : Performative
{
    public const ulong Descriptor = 0x16;

    public static readonly AmqpSymbol DescriptorName = new("amqp:detach:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The <c>handle</c> field. Mandatory.</summary>
    public uint? Handle { get; set; }

    /// <summary>The <c>closed</c> field.</summary>
    public bool? Closed { get; set; }

    /// <summary>The <c>error</c> field.</summary>
    public Error? Error { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.Write(Handle);
        fields.Write(Closed);
        fields.Write(Error);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: Handle = reader.ReadNullableUInt(); break;
            case 1: Closed = reader.ReadNullableBoolean(); break;
            case 2: Error = reader.ReadComposite<Error>(); break;
            default: reader.SkipValue(); break;
        }
    }

    protected override void Validate()
    {
        if (Handle is null)
        {
            throw MissingField("handle");
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
        Handle = null;
        Closed = null;
        Error = null;
    }
}
