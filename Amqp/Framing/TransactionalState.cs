namespace Amqp.Framing;

/// <summary>
/// The state of a delivery transferred or settled inside a transaction (<c>amqp:transactional-state:list</c>,
/// 0x00000000:0x00000034, spec 4.5.5): the transaction, and the outcome that takes effect when it commits.
/// </summary>
public sealed class TransactionalState : DeliveryState
{
    public const ulong Descriptor = 0x34;

    public static readonly AmqpSymbol DescriptorName = new("amqp:transactional-state:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The <c>txn-id</c> field.</summary>
    public byte[]? TxnId { get; set; }

    /// <summary>The <c>outcome</c> field.</summary>
    public Outcome? Outcome { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.WriteBinary(TxnId);
        fields.Write(Outcome);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: TxnId = reader.ReadNullableBinary(); break;
            case 1: Outcome = reader.ReadComposite<Outcome>(); break;
            default: reader.SkipValue(); break;
        }
    }
}
