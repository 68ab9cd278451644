namespace Amqp.Framing;

/// <summary>Attaches a link to a session (<c>amqp:attach:list</c>, 0x00000000:0x00000012).</summary>
public sealed partial class Attach : Performative
{
    public const ulong Descriptor = 0x12;

    public static readonly AmqpSymbol DescriptorName = new("amqp:attach:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The <c>name</c> field. Mandatory.</summary>
    public string? Name { get; set; }

    /// <summary>The <c>handle</c> field. Mandatory.</summary>
    public uint? Handle { get; set; }

    /// <summary>The <c>role</c> field. Mandatory.</summary>
    public Role? Role { get; set; }

    /// <summary>The <c>snd-settle-mode</c> field.</summary>
    public SenderSettleMode? SndSettleMode { get; set; }

    /// <summary>The <c>rcv-settle-mode</c> field.</summary>
    public ReceiverSettleMode? RcvSettleMode { get; set; }

    /// <summary>The <c>source</c> field.</summary>
    public Source? Source { get; set; }

    /// <summary>The <c>target</c> field.</summary>
    public Target? Target { get; set; }

    /// <summary>
    /// A target this library does not model, such as a transaction coordinator (<c>amqp:coordinator:list</c>):
    /// kept so a server can refuse the link politely instead of failing the whole connection.
    /// </summary>
    public object? UnknownTarget { get; set; }

    private void ReadTarget(ref AmqpReader reader)
    {
        var value = reader.ReadValue();
        Target = value as Target;
        UnknownTarget = value is Target ? null : value;
    }

    /// <summary>The <c>unsettled</c> field.</summary>
    public AmqpMap? Unsettled { get; set; }

    /// <summary>The <c>incomplete-unsettled</c> field.</summary>
    public bool? IncompleteUnsettled { get; set; }

    /// <summary>The <c>initial-delivery-count</c> field.</summary>
    public uint? InitialDeliveryCount { get; set; }

    /// <summary>Largest message the sender of this attach accepts; absent or 0 means no limit.</summary>
    public ulong? MaxMessageSize { get; set; }

    /// <summary>The <c>offered-capabilities</c> field.</summary>
    public AmqpSymbol[]? OfferedCapabilities { get; set; }

    /// <summary>The <c>desired-capabilities</c> field.</summary>
    public AmqpSymbol[]? DesiredCapabilities { get; set; }

    /// <summary>The <c>properties</c> field.</summary>
    public AmqpMap? Properties { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.Write(Name);
        fields.Write(Handle);
        fields.Write(Role is null ? null : Role == global::Amqp.Framing.Role.Receiver);
        fields.Write((byte?)SndSettleMode);
        fields.Write((byte?)RcvSettleMode);
        fields.Write(Source);
        if (Target is null && UnknownTarget is not null)
        {
            fields.WriteValue(UnknownTarget);
        }
        else
        {
            fields.Write(Target);
        }

        fields.Write(Unsettled);
        fields.Write(IncompleteUnsettled);
        fields.Write(InitialDeliveryCount);
        fields.Write(MaxMessageSize);
        fields.Write(OfferedCapabilities);
        fields.Write(DesiredCapabilities);
        fields.Write(Properties);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: Name = reader.ReadNullableString(); break;
            case 1: Handle = reader.ReadNullableUInt(); break;
            case 2: Role = ReadRole(ref reader); break;
            case 3: SndSettleMode = (SenderSettleMode?)reader.ReadNullableUByte(); break;
            case 4: RcvSettleMode = (ReceiverSettleMode?)reader.ReadNullableUByte(); break;
            case 5: Source = reader.ReadComposite<Source>(); break;
            case 6: ReadTarget(ref reader); break;
            case 7: Unsettled = reader.ReadMap(); break;
            case 8: IncompleteUnsettled = reader.ReadNullableBoolean(); break;
            case 9: InitialDeliveryCount = reader.ReadNullableUInt(); break;
            case 10: MaxMessageSize = reader.ReadNullableULong(); break;
            case 11: OfferedCapabilities = reader.ReadSymbolArray(); break;
            case 12: DesiredCapabilities = reader.ReadSymbolArray(); break;
            case 13: Properties = reader.ReadMap(); break;
            default: reader.SkipValue(); break;
        }
    }

    protected override void Validate()
    {
        if (Name is null)
        {
            throw MissingField("name");
        }

        if (Handle is null)
        {
            throw MissingField("handle");
        }

        if (Role is null)
        {
            throw MissingField("role");
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
        Name = null;
        Handle = null;
        Role = null;
        SndSettleMode = null;
        RcvSettleMode = null;
        Source = null;
        Target = null;
        UnknownTarget = null;
        Unsettled = null;
        IncompleteUnsettled = null;
        InitialDeliveryCount = null;
        MaxMessageSize = null;
        OfferedCapabilities = null;
        DesiredCapabilities = null;
        Properties = null;
    }

    private static Role? ReadRole(ref AmqpReader reader) => reader.ReadNullableBoolean() switch
    {
        null => null,
        true => global::Amqp.Framing.Role.Receiver,
        false => global::Amqp.Framing.Role.Sender,
    };
}
