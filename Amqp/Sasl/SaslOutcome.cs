using Amqp.Framing;

namespace Amqp.Sasl;

/// <summary>The result of SASL authentication (<c>amqp:sasl-outcome:list</c>, 0x00000000:0x00000044).</summary>
public sealed partial class SaslOutcome : Performative
{
    public const ulong Descriptor = 0x44;

    public static readonly AmqpSymbol DescriptorName = new("amqp:sasl-outcome:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The <c>code</c> field. Mandatory.</summary>
    public SaslCode? Code { get; set; }

    /// <summary>The <c>additional-data</c> field.</summary>
    public ReadOnlyMemory<byte>? AdditionalData { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.Write((byte?)Code);
        fields.WriteBinary(AdditionalData);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: Code = (SaslCode?)reader.ReadNullableUByte(); break;
            case 1: AdditionalData = ReadBinary(ref reader); break;
            default: reader.SkipValue(); break;
        }
    }

    protected override void Validate()
    {
        if (Code is null)
        {
            throw MissingField("code");
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
        Code = null;
        AdditionalData = null;
    }

    private static ReadOnlyMemory<byte>? ReadBinary(ref AmqpReader reader) => reader.ReadNullableBinary() is { } bytes ? bytes : null;
}
