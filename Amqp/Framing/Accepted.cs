namespace Amqp.Framing;

/// <summary>The receiver processed the message (<c>amqp:accepted:list</c>, 0x00000000:0x00000024).</summary>
public sealed partial class Accepted : Outcome
{
    public const ulong Descriptor = 0x24;

    public static readonly AmqpSymbol DescriptorName = new("amqp:accepted:list");

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
