namespace Amqp.Framing;

/// <summary>The message was not processed and should be redelivered modified (<c>amqp:modified:list</c>, 0x00000000:0x00000027).</summary>
public sealed partial class Modified : Outcome
{
    public const ulong Descriptor = 0x27;

    public static readonly AmqpSymbol DescriptorName = new("amqp:modified:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The <c>delivery-failed</c> field.</summary>
    public bool? DeliveryFailed { get; set; }

    /// <summary>The <c>undeliverable-here</c> field.</summary>
    public bool? UndeliverableHere { get; set; }

    /// <summary>The <c>message-annotations</c> field.</summary>
    public AmqpMap? MessageAnnotations { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.Write(DeliveryFailed);
        fields.Write(UndeliverableHere);
        fields.Write(MessageAnnotations);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: DeliveryFailed = reader.ReadNullableBoolean(); break;
            case 1: UndeliverableHere = reader.ReadNullableBoolean(); break;
            case 2: MessageAnnotations = reader.ReadMap(); break;
            default: reader.SkipValue(); break;
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
        DeliveryFailed = null;
        UndeliverableHere = null;
        MessageAnnotations = null;
    }
}
