namespace Amqp.Framing;

/// <summary>Opens a connection and announces its limits (<c>amqp:open:list</c>, 0x00000000:0x00000010).</summary>
public sealed partial class Open : Performative
{
    public const ulong Descriptor = 0x10;

    public static readonly AmqpSymbol DescriptorName = new("amqp:open:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The <c>container-id</c> field. Mandatory.</summary>
    public string? ContainerId { get; set; }

    /// <summary>The <c>hostname</c> field.</summary>
    public string? Hostname { get; set; }

    /// <summary>Largest frame the sender accepts; absent means 4294967295.</summary>
    public uint? MaxFrameSize { get; set; }

    /// <summary>Highest channel number the sender accepts; absent means 65535.</summary>
    public ushort? ChannelMax { get; set; }

    /// <summary>Milliseconds of silence after which the sender closes the connection.</summary>
    public uint? IdleTimeOut { get; set; }

    /// <summary>The <c>outgoing-locales</c> field.</summary>
    public AmqpSymbol[]? OutgoingLocales { get; set; }

    /// <summary>The <c>incoming-locales</c> field.</summary>
    public AmqpSymbol[]? IncomingLocales { get; set; }

    /// <summary>The <c>offered-capabilities</c> field.</summary>
    public AmqpSymbol[]? OfferedCapabilities { get; set; }

    /// <summary>The <c>desired-capabilities</c> field.</summary>
    public AmqpSymbol[]? DesiredCapabilities { get; set; }

    /// <summary>The <c>properties</c> field.</summary>
    public AmqpMap? Properties { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.Write(ContainerId);
        fields.Write(Hostname);
        fields.Write(MaxFrameSize);
        fields.Write(ChannelMax);
        fields.Write(IdleTimeOut);
        fields.Write(OutgoingLocales);
        fields.Write(IncomingLocales);
        fields.Write(OfferedCapabilities);
        fields.Write(DesiredCapabilities);
        fields.Write(Properties);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: ContainerId = reader.ReadNullableString(); break;
            case 1: Hostname = reader.ReadNullableString(); break;
            case 2: MaxFrameSize = reader.ReadNullableUInt(); break;
            case 3: ChannelMax = reader.ReadNullableUShort(); break;
            case 4: IdleTimeOut = reader.ReadNullableUInt(); break;
            case 5: OutgoingLocales = reader.ReadSymbolArray(); break;
            case 6: IncomingLocales = reader.ReadSymbolArray(); break;
            case 7: OfferedCapabilities = reader.ReadSymbolArray(); break;
            case 8: DesiredCapabilities = reader.ReadSymbolArray(); break;
            case 9: Properties = reader.ReadMap(); break;
            default: reader.SkipValue(); break;
        }
    }

    protected override void Validate()
    {
        if (ContainerId is null)
        {
            throw MissingField("container-id");
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
        ContainerId = null;
        Hostname = null;
        MaxFrameSize = null;
        ChannelMax = null;
        IdleTimeOut = null;
        OutgoingLocales = null;
        IncomingLocales = null;
        OfferedCapabilities = null;
        DesiredCapabilities = null;
        Properties = null;
    }
}
