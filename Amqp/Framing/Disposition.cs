namespace Amqp.Framing;

/// <summary>Updates the state or settlement of a range of deliveries (<c>amqp:disposition:list</c>, 0x00000000:0x00000015).</summary>
public sealed partial class Disposition : Performative
{
    public const ulong Descriptor = 0x15;

    public static readonly AmqpSymbol DescriptorName = new("amqp:disposition:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The <c>role</c> field. Mandatory.</summary>
    public Role? Role { get; set; }

    /// <summary>The <c>first</c> field. Mandatory.</summary>
    public uint? First { get; set; }

    /// <summary>The <c>last</c> field.</summary>
    public uint? Last { get; set; }

    /// <summary>The <c>settled</c> field.</summary>
    public bool? Settled { get; set; }

    /// <summary>The <c>state</c> field.</summary>
    public DeliveryState? State { get; set; }

    /// <summary>The <c>batchable</c> field.</summary>
    public bool? Batchable { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.Write(Role is null ? null : Role == global::Amqp.Framing.Role.Receiver);
        fields.Write(First);
        fields.Write(Last);
        fields.Write(Settled);
        fields.Write(State);
        fields.Write(Batchable);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: Role = ReadRole(ref reader); break;
            case 1: First = reader.ReadNullableUInt(); break;
            case 2: Last = reader.ReadNullableUInt(); break;
            case 3: Settled = reader.ReadNullableBoolean(); break;
            case 4: State = reader.ReadComposite<DeliveryState>(); break;
            case 5: Batchable = reader.ReadNullableBoolean(); break;
            default: reader.SkipValue(); break;
        }
    }

    protected override void Validate()
    {
        if (Role is null)
        {
            throw MissingField("role");
        }

        if (First is null)
        {
            throw MissingField("first");
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
        Role = null;
        First = null;
        Last = null;
        Settled = null;
        State = null;
        Batchable = null;
    }

    private static Role? ReadRole(ref AmqpReader reader) => reader.ReadNullableBoolean() switch
    {
        null => null,
        true => global::Amqp.Framing.Role.Receiver,
        false => global::Amqp.Framing.Role.Sender,
    };
}
