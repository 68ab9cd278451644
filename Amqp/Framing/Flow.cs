namespace Amqp.Framing;

/// <summary>Updates session windows and, with a handle, link credit (<c>amqp:flow:list</c>, 0x00000000:0x00000013).</summary>
public sealed partial class Flow : Performative
{
    public const ulong Descriptor = 0x13;

    public static readonly AmqpSymbol DescriptorName = new("amqp:flow:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The <c>next-incoming-id</c> field.</summary>
    public uint? NextIncomingId { get; set; }

    /// <summary>The <c>incoming-window</c> field. Mandatory.</summary>
    public uint? IncomingWindow { get; set; }

    /// <summary>The <c>next-outgoing-id</c> field. Mandatory.</summary>
    public uint? NextOutgoingId { get; set; }

    /// <summary>The <c>outgoing-window</c> field. Mandatory.</summary>
    public uint? OutgoingWindow { get; set; }

    /// <summary>The <c>handle</c> field.</summary>
    public uint? Handle { get; set; }

    /// <summary>The <c>delivery-count</c> field.</summary>
    public uint? DeliveryCount { get; set; }

    /// <summary>The <c>link-credit</c> field.</summary>
    public uint? LinkCredit { get; set; }

    /// <summary>The <c>available</c> field.</summary>
    public uint? Available { get; set; }

    /// <summary>The <c>drain</c> field.</summary>
    public bool? Drain { get; set; }

    /// <summary>The <c>echo</c> field.</summary>
    public bool? Echo { get; set; }

    /// <summary>The <c>properties</c> field.</summary>
    public AmqpMap? Properties { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.Write(NextIncomingId);
        fields.Write(IncomingWindow);
        fields.Write(NextOutgoingId);
        fields.Write(OutgoingWindow);
        fields.Write(Handle);
        fields.Write(DeliveryCount);
        fields.Write(LinkCredit);
        fields.Write(Available);
        fields.Write(Drain);
        fields.Write(Echo);
        fields.Write(Properties);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: NextIncomingId = reader.ReadNullableUInt(); break;
            case 1: IncomingWindow = reader.ReadNullableUInt(); break;
            case 2: NextOutgoingId = reader.ReadNullableUInt(); break;
            case 3: OutgoingWindow = reader.ReadNullableUInt(); break;
            case 4: Handle = reader.ReadNullableUInt(); break;
            case 5: DeliveryCount = reader.ReadNullableUInt(); break;
            case 6: LinkCredit = reader.ReadNullableUInt(); break;
            case 7: Available = reader.ReadNullableUInt(); break;
            case 8: Drain = reader.ReadNullableBoolean(); break;
            case 9: Echo = reader.ReadNullableBoolean(); break;
            case 10: Properties = reader.ReadMap(); break;
            default: reader.SkipValue(); break;
        }
    }

    protected override void Validate()
    {
        if (IncomingWindow is null)
        {
            throw MissingField("incoming-window");
        }

        if (NextOutgoingId is null)
        {
            throw MissingField("next-outgoing-id");
        }

        if (OutgoingWindow is null)
        {
            throw MissingField("outgoing-window");
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
        NextIncomingId = null;
        IncomingWindow = null;
        NextOutgoingId = null;
        OutgoingWindow = null;
        Handle = null;
        DeliveryCount = null;
        LinkCredit = null;
        Available = null;
        Drain = null;
        Echo = null;
        Properties = null;
    }
}
