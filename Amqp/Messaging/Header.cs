namespace Amqp.Messaging;

/// <summary>Transport headers of a message (<c>amqp:header:list</c>, 0x00000000:0x00000070).</summary>
public sealed partial class Header : DescribedList
{
    public const ulong Descriptor = 0x70;

    public static readonly AmqpSymbol DescriptorName = new("amqp:header:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The <c>durable</c> field.</summary>
    public bool? Durable { get; set; }

    /// <summary>The <c>priority</c> field.</summary>
    public byte? Priority { get; set; }

    /// <summary>Time to live in milliseconds.</summary>
    public uint? Ttl { get; set; }

    /// <summary>The <c>first-acquirer</c> field.</summary>
    public bool? FirstAcquirer { get; set; }

    /// <summary>How many earlier delivery attempts failed.</summary>
    public uint? DeliveryCount { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.Write(Durable);
        fields.Write(Priority);
        fields.Write(Ttl);
        fields.Write(FirstAcquirer);
        fields.Write(DeliveryCount);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: Durable = reader.ReadNullableBoolean(); break;
            case 1: Priority = reader.ReadNullableUByte(); break;
            case 2: Ttl = reader.ReadNullableUInt(); break;
            case 3: FirstAcquirer = reader.ReadNullableBoolean(); break;
            case 4: DeliveryCount = reader.ReadNullableUInt(); break;
            default: reader.SkipValue(); break;
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
        Durable = null;
        Priority = null;
        Ttl = null;
        FirstAcquirer = null;
        DeliveryCount = null;
    }
}
