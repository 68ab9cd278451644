namespace Amqp.Framing;

/// <summary>Describes why a connection, session, link or delivery failed (<c>amqp:error:list</c>, 0x00000000:0x0000001d).</summary>
public sealed partial class Error : DescribedList
{
    public const ulong Descriptor = 0x1d;

    public static readonly AmqpSymbol DescriptorName = new("amqp:error:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The <c>condition</c> field. Mandatory.</summary>
    public AmqpSymbol? Condition { get; set; }

    /// <summary>The <c>description</c> field.</summary>
    public string? Description { get; set; }

    /// <summary>The <c>info</c> field.</summary>
    public AmqpMap? Info { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.Write(Condition);
        fields.Write(Description);
        fields.Write(Info);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: Condition = reader.ReadNullableSymbol(); break;
            case 1: Description = reader.ReadNullableString(); break;
            case 2: Info = reader.ReadMap(); break;
            default: reader.SkipValue(); break;
        }
    }

    protected override void Validate()
    {
        if (Condition is null)
        {
            throw MissingField("condition");
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
        Condition = null;
        Description = null;
        Info = null;
    }
}
