namespace Amqp.Types;

/// <summary>A described value whose descriptor this library does not know (e.g. com.microsoft:uri): kept whole.</summary>
public sealed class DescribedValue(object descriptor, object? value)
{
    /// <summary>A <see cref="ulong"/> code or an <see cref="AmqpSymbol"/> name.</summary>
    public object Descriptor { get; } = descriptor;

    public object? Value { get; } = value;

    public override bool Equals(object? obj) =>
        obj is DescribedValue other && Equals(Descriptor, other.Descriptor) && AmqpValueEquality.AreEqual(Value, other.Value);

    public override int GetHashCode() => Descriptor.GetHashCode();

    public override string ToString() => $"{Descriptor}:{Value}";
}
