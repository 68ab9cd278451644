namespace Amqp.Framing;

/// <summary>Begins a session on a channel (<c>amqp:begin:list</c>, 0x00000000:0x00000011).</summary>
public sealed partial class Begin : Performative
{
    public const ulong Descriptor = 0x11;

    public static readonly AmqpSymbol DescriptorName = new("amqp:begin:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The channel of the peer's begin this one answers.</summary>
    public ushort? RemoteChannel { get; set; }

    /// <summary>The <c>next-outgoing-id</c> field. Mandatory.</summary>
    public uint? NextOutgoingId { get; set; }

    /// <summary>The <c>incoming-window</c> field. Mandatory.</summary>
    public uint? IncomingWindow { get; set; }

    /// <summary>The <c>outgoing-window</c> field. Mandatory.</summary>
    public uint? OutgoingWindow { get; set; }

    /// <summary>The <c>handle-max</c> field.</summary>
    public uint? HandleMax { get; set; }

    /// <summary>The <c>offered-capabilities</c> field.</summary>
    public AmqpSymbol[]? OfferedCapabilities { get; set; }

    /// <summary>The <c>desired-capabilities</c> field.</summary>
    public AmqpSymbol[]? DesiredCapabilities { get; set; }

    /// <summary>The <c>properties</c> field.</summary>
    public AmqpMap? Properties { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.Write(RemoteChannel);
        fields.Write(NextOutgoingId);
        fields.Write(IncomingWindow);
        fields.Write(OutgoingWindow);
        fields.Write(HandleMax);
        fields.Write(OfferedCapabilities);
        fields.Write(DesiredCapabilities);
        fields.Write(Properties);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: RemoteChannel = reader.ReadNullableUShort(); break;
            case 1: NextOutgoingId = reader.ReadNullableUInt(); break;
            case 2: IncomingWindow = reader.ReadNullableUInt(); break;
            case 3: OutgoingWindow = reader.ReadNullableUInt(); break;
            case 4: HandleMax = reader.ReadNullableUInt(); break;
            case 5: OfferedCapabilities = reader.ReadSymbolArray(); break;
            case 6: DesiredCapabilities = reader.ReadSymbolArray(); break;
            case 7: Properties = reader.ReadMap(); break;
            default: reader.SkipValue(); break;
        }
    }

    protected override void Validate()
    {
        if (NextOutgoingId is null)
        {
            throw MissingField("next-outgoing-id");
        }

        if (IncomingWindow is null)
        {
            throw MissingField("incoming-window");
        }

        if (OutgoingWindow is null)
        {
            throw MissingField("outgoing-window");
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
        RemoteChannel = null;
        NextOutgoingId = null;
        IncomingWindow = null;
        OutgoingWindow = null;
        HandleMax = null;
        OfferedCapabilities = null;
        DesiredCapabilities = null;
        Properties = null;
    }
}
