namespace Amqp.Framing;

/// <summary>Closes a connection (<c>amqp:close:list</c>, 0x00000000:0x00000018).</summary>
public sealed partial class Close : Performative
{
    public const ulong Descriptor = 0x18;

    public static readonly AmqpSymbol DescriptorName = new("amqp:close:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The <c>error</c> field.</summary>
    public Error? Error { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.Write(Error);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: Error = reader.ReadComposite<Error>(); break;
            default: reader.SkipValue(); break;
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
        Error = null;
    }
}
