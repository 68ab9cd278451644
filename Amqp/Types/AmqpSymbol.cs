namespace Amqp.Types;

/// <summary>
/// An AMQP symbol: an ASCII name that is a different type from a string on the wire. Service Bus distinguishes
/// symbol keys from string keys in maps, so the two never compare equal.
/// </summary>
public readonly struct AmqpSymbol : IEquatable<AmqpSymbol>
{
    public AmqpSymbol(string value) => Value = value ?? throw new ArgumentNullException(nameof(value));

    public string Value { get; }

    public static implicit operator AmqpSymbol(string value) => new(value);

    public bool Equals(AmqpSymbol other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is AmqpSymbol other && Equals(other);

    public override int GetHashCode() => Value is null ? 0 : Value.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Value ?? string.Empty;

    public static bool operator ==(AmqpSymbol left, AmqpSymbol right) => left.Equals(right);

    public static bool operator !=(AmqpSymbol left, AmqpSymbol right) => !left.Equals(right);
}
