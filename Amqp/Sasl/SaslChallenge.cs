using Amqp.Framing;

namespace Amqp.Sasl;

/// <summary>A server challenge (<c>amqp:sasl-challenge:list</c>, 0x00000000:0x00000042).</summary>
public sealed partial class SaslChallenge : Performative
{
    public const ulong Descriptor = 0x42;

    public static readonly AmqpSymbol DescriptorName = new("amqp:sasl-challenge:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The <c>challenge</c> field. Mandatory.</summary>
    public ReadOnlyMemory<byte>? Challenge { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.WriteBinary(Challenge);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: Challenge = ReadBinary(ref reader); break;
            default: reader.SkipValue(); break;
        }
    }

    protected override void Validate()
    {
        if (Challenge is null)
        {
            throw MissingField("challenge");
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
        Challenge = null;
    }

    private static ReadOnlyMemory<byte>? ReadBinary(ref AmqpReader reader) => reader.ReadNullableBinary() is { } bytes ? bytes : null;
}
