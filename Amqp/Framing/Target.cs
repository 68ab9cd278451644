namespace Amqp.Framing;

/// <summary>The target terminus of a link (<c>amqp:target:list</c>, 0x00000000:0x00000029).</summary>
public sealed partial class Target : DescribedList
{
    public const ulong Descriptor = 0x29;

    public static readonly AmqpSymbol DescriptorName = new("amqp:target:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>The node address (usually a string).</summary>
    public object? Address { get; set; }

    /// <summary>The <c>durable</c> field.</summary>
    public uint? Durable { get; set; }

    /// <summary>The <c>expiry-policy</c> field.</summary>
    public AmqpSymbol? ExpiryPolicy { get; set; }

    /// <summary>The <c>timeout</c> field.</summary>
    public uint? Timeout { get; set; }

    /// <summary>The <c>dynamic</c> field.</summary>
    public bool? Dynamic { get; set; }

    /// <summary>The <c>dynamic-node-properties</c> field.</summary>
    public AmqpMap? DynamicNodeProperties { get; set; }

    /// <summary>The <c>capabilities</c> field.</summary>
    public AmqpSymbol[]? Capabilities { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.WriteValue(Address);
        fields.Write(Durable);
        fields.Write(ExpiryPolicy);
        fields.Write(Timeout);
        fields.Write(Dynamic);
        fields.Write(DynamicNodeProperties);
        fields.Write(Capabilities);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: Address = reader.ReadValue(); break;
            case 1: Durable = reader.ReadNullableUInt(); break;
            case 2: ExpiryPolicy = reader.ReadNullableSymbol(); break;
            case 3: Timeout = reader.ReadNullableUInt(); break;
            case 4: Dynamic = reader.ReadNullableBoolean(); break;
            case 5: DynamicNodeProperties = reader.ReadMap(); break;
            case 6: Capabilities = reader.ReadSymbolArray(); break;
            default: reader.SkipValue(); break;
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
        Address = null;
        Durable = null;
        ExpiryPolicy = null;
        Timeout = null;
        Dynamic = null;
        DynamicNodeProperties = null;
        Capabilities = null;
    }
}
