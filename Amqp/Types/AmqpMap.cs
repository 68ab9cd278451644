namespace Amqp.Types;

/// <summary>
/// An AMQP map. Keys keep their AMQP type: an <see cref="AmqpSymbol"/> key and a string key with the same text are
/// different keys, as they are for Service Bus. Insertion order is preserved while nothing is removed.
/// </summary>
public sealed class AmqpMap : Dictionary<object, object?>
{
    public AmqpMap()
    {
    }

    public AmqpMap(int capacity) : base(capacity)
    {
    }

    /// <summary>Reads a value by symbol key, or by string key when no symbol key matches.</summary>
    public object? GetValueOrDefault(AmqpSymbol key) =>
        TryGetValue(key, out var value) ? value : TryGetValue(key.Value, out value) ? value : null;
}
