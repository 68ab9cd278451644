namespace Amqp.Framing;

/// <summary>The receiver did not process the message; it may be redelivered (<c>amqp:released:list</c>, 0x00000000:0x00000026).</summary>
public sealed partial class Released : Outcome
{
    public const ulong Descriptor = 0x26;

    public static readonly AmqpSymbol DescriptorName = new("amqp:released:list");

    public override ulong DescriptorCode => Descriptor;

    protected override void WriteFields(ref FieldWriter fields)
    {
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            default: reader.SkipValue(); break;
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
    }
}
