namespace Amqp.Framing;

/// <summary>Carries (part of) a message on a link (<c>amqp:transfer:list</c>, 0x00000000:0x00000014).</summary>
public sealed partial class Transfer : Performative
{
    public const ulong Descriptor = 0x14;

    public static readonly AmqpSymbol DescriptorName = new("amqp:transfer:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The <c>handle</c> field. Mandatory.</summary>
    public uint? Handle { get; set; }

    /// <summary>The <c>delivery-id</c> field.</summary>
    public uint? DeliveryId { get; set; }

    /// <summary>The <c>delivery-tag</c> field.</summary>
    public ReadOnlyMemory<byte>? DeliveryTag { get; set; }

    /// <summary>The format of the payload: 0 for a bare message, 0x80013700 for a Service Bus batch.</summary>
    public uint? MessageFormat { get; set; }

    /// <summary>The <c>settled</c> field.</summary>
    public bool? Settled { get; set; }

    /// <summary>True on every frame of a multi-frame transfer except the last.</summary>
    public bool? More { get; set; }

    /// <summary>The <c>rcv-settle-mode</c> field.</summary>
    public ReceiverSettleMode? RcvSettleMode { get; set; }

    /// <summary>The <c>state</c> field.</summary>
    public DeliveryState? State { get; set; }

    /// <summary>The <c>resume</c> field.</summary>
    public bool? Resume { get; set; }

    /// <summary>The <c>aborted</c> field.</summary>
    public bool? Aborted { get; set; }

    /// <summary>The <c>batchable</c> field.</summary>
    public bool? Batchable { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.Write(Handle);
        fields.Write(DeliveryId);
        fields.WriteBinary(DeliveryTag);
        fields.Write(MessageFormat);
        fields.Write(Settled);
        fields.Write(More);
        fields.Write((byte?)RcvSettleMode);
        fields.Write(State);
        fields.Write(Resume);
        fields.Write(Aborted);
        fields.Write(Batchable);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: Handle = reader.ReadNullableUInt(); break;
            case 1: DeliveryId = reader.ReadNullableUInt(); break;
            case 2: DeliveryTag = ReadBinary(ref reader); break;
            case 3: MessageFormat = reader.ReadNullableUInt(); break;
            case 4: Settled = reader.ReadNullableBoolean(); break;
            case 5: More = reader.ReadNullableBoolean(); break;
            case 6: RcvSettleMode = (ReceiverSettleMode?)reader.ReadNullableUByte(); break;
            case 7: State = reader.ReadComposite<DeliveryState>(); break;
            case 8: Resume = reader.ReadNullableBoolean(); break;
            case 9: Aborted = reader.ReadNullableBoolean(); break;
            case 10: Batchable = reader.ReadNullableBoolean(); break;
            default: reader.SkipValue(); break;
        }
    }

    protected override void Validate()
    {
        if (Handle is null)
        {
            throw MissingField("handle");
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
        Handle = null;
        DeliveryId = null;
        DeliveryTag = null;
        MessageFormat = null;
        Settled = null;
        More = null;
        RcvSettleMode = null;
        State = null;
        Resume = null;
        Aborted = null;
        Batchable = null;
    }

    private static ReadOnlyMemory<byte>? ReadBinary(ref AmqpReader reader) => reader.ReadNullableBinary() is { } bytes ? bytes : null;
}
