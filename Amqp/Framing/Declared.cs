namespace Amqp.Framing;

/// <summary>
/// A transaction coordinator's answer to a declare (<c>amqp:declared:list</c>, 0x00000000:0x00000033, spec 4.5.4):
/// the identifier of the new transaction.
/// </summary>
public sealed class Declared : Outcome
{
    public const ulong Descriptor = 0x33;

    public static readonly AmqpSymbol DescriptorName = new("amqp:declared:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The <c>txn-id</c> field.</summary>
    public byte[]? TxnId { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.WriteBinary(TxnId);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: TxnId = reader.ReadNullableBinary(); break;
            default: reader.SkipValue(); break;
        }
    }
}
