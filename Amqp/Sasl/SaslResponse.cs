using Amqp.Framing;

namespace Amqp.Sasl;

/// <summary>A client response to a challenge (<c>amqp:sasl-response:list</c>, 0x00000000:0x00000043).</summary>
public sealed partial class SaslResponse : Performative
{
    public const ulong Descriptor = 0x43;

    public static readonly AmqpSymbol DescriptorName = new("amqp:sasl-response:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The <c>response</c> field. Mandatory.</summary>
    public ReadOnlyMemory<byte>? Response { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.WriteBinary(Response);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: Response = ReadBinary(ref reader); break;
            default: reader.SkipValue(); break;
        }
    }

    protected override void Validate()
    {
        if (Response is null)
        {
            throw MissingField("response");
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
        Response = null;
    }

    private static ReadOnlyMemory<byte>? ReadBinary(ref AmqpReader reader) => reader.ReadNullableBinary() is { } bytes ? bytes : null;
}
