namespace Amqp.Framing;

/// <summary>The source terminus of a link (<c>amqp:source:list</c>, 0x00000000:0x00000028).</summary>
public sealed partial class Source : DescribedList
{
    public const ulong Descriptor = 0x28;

    public static readonly AmqpSymbol DescriptorName = new("amqp:source:list");

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

    /// <summary>The <c>distribution-mode</c> field.</summary>
    public AmqpSymbol? DistributionMode { get; set; }

    /// <summary>Filters; Service Bus puts the session filter here.</summary>
    public AmqpMap? Filter { get; set; }

    /// <summary>The <c>default-outcome</c> field.</summary>
    public DeliveryState? DefaultOutcome { get; set; }

    /// <summary>The <c>outcomes</c> field.</summary>
    public AmqpSymbol[]? Outcomes { get; set; }

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
        fields.Write(DistributionMode);
        fields.Write(Filter);
        fields.Write(DefaultOutcome);
        fields.Write(Outcomes);
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
            case 6: DistributionMode = reader.ReadNullableSymbol(); break;
            case 7: Filter = reader.ReadMap(); break;
            case 8: DefaultOutcome = reader.ReadComposite<DeliveryState>(); break;
            case 9: Outcomes = reader.ReadSymbolArray(); break;
            case 10: Capabilities = reader.ReadSymbolArray(); break;
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
        DistributionMode = null;
        Filter = null;
        DefaultOutcome = null;
        Outcomes = null;
        Capabilities = null;
    }
}
