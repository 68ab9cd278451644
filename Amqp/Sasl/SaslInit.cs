using Amqp.Framing;

namespace Amqp.Sasl;

/// <summary>The client's chosen mechanism and initial response (<c>amqp:sasl-init:list</c>, 0x00000000:0x00000041).</summary>
public sealed partial class SaslInit : Performative
{
    public const ulong Descriptor = 0x41;

    public static readonly AmqpSymbol DescriptorName = new("amqp:sasl-init:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The <c>mechanism</c> field. Mandatory.</summary>
    public AmqpSymbol? Mechanism { get; set; }

    /// <summary>The <c>initial-response</c> field.</summary>
    public ReadOnlyMemory<byte>? InitialResponse { get; set; }

    /// <summary>The <c>hostname</c> field.</summary>
    public string? Hostname { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.Write(Mechanism);
        fields.WriteBinary(InitialResponse);
        fields.Write(Hostname);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: Mechanism = reader.ReadNullableSymbol(); break;
            case 1: InitialResponse = ReadBinary(ref reader); break;
            case 2: Hostname = reader.ReadNullableString(); break;
            default: reader.SkipValue(); break;
        }
    }

    protected override void Validate()
    {
        if (Mechanism is null)
        {
            throw MissingField("mechanism");
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
        Mechanism = null;
        InitialResponse = null;
        Hostname = null;
    }

    private static ReadOnlyMemory<byte>? ReadBinary(ref AmqpReader reader) => reader.ReadNullableBinary() is { } bytes ? bytes : null;
}
