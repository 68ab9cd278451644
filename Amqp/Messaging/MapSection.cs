namespace Amqp.Messaging;

/// <summary>A message section whose body is a map (annotations, application properties, footer).</summary>
public abstract class MapSection
{
    protected MapSection(AmqpMap? map) => Map = map ?? new AmqpMap();

    public abstract ulong DescriptorCode { get; }

    public AmqpMap Map { get; }

    public object? this[object key]
    {
        get => Map.TryGetValue(key, out var value) ? value : null;
        set => Map[key] = value;
    }

    public void Encode(AmqpWriter writer)
    {
        writer.WriteDescriptor(DescriptorCode);
        writer.WriteMap(Map);
    }
}
