using Amqp.Framing;

namespace Amqp.Sasl;

/// <summary>The server's offer of SASL mechanisms (<c>amqp:sasl-mechanisms:list</c>, 0x00000000:0x00000040).</summary>
public sealed partial class SaslMechanisms : Performative
{
    public const ulong Descriptor = 0x40;

    public static readonly AmqpSymbol DescriptorName = new("amqp:sasl-mechanisms:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The <c>sasl-server-mechanisms</c> field. Mandatory.</summary>
    public AmqpSymbol[]? SaslServerMechanisms { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.Write(SaslServerMechanisms);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: SaslServerMechanisms = reader.ReadSymbolArray(); break;
            default: reader.SkipValue(); break;
        }
    }

    protected override void Validate()
    {
        if (SaslServerMechanisms is null)
        {
            throw MissingField("sasl-server-mechanisms");
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
        SaslServerMechanisms = null;
    }
}
