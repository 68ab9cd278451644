namespace Amqp.Types;

/// <summary>
/// An AMQP array: every element has the same constructor. <see cref="ElementCode"/> is the full-width format code of
/// the element type (or the code of the described body when <see cref="Descriptor"/> is set), so an array of uint
/// re-encodes as an array of uint even when empty.
/// </summary>
public sealed class AmqpArray
{
    public AmqpArray(byte elementCode, IReadOnlyList<object?> items, object? descriptor = null)
    {
        ElementCode = FormatCode.Normalize(elementCode);
        Items = items;
        Descriptor = descriptor;
    }

    public byte ElementCode { get; }

    /// <summary>For an array of described values (e.g. composites): the shared descriptor; null otherwise.</summary>
    public object? Descriptor { get; }

    public IReadOnlyList<object?> Items { get; }

    public int Count => Items.Count;

    /// <summary>Builds an array whose element type is inferred from <typeparamref name="T"/>.</summary>
    public static AmqpArray Of<T>(params T[] items) where T : notnull
    {
        var code = typeof(T) switch
        {
            var t when t == typeof(bool) => FormatCode.Boolean,
            var t when t == typeof(byte) => FormatCode.UByte,
            var t when t == typeof(ushort) => FormatCode.UShort,
            var t when t == typeof(uint) => FormatCode.UInt,
            var t when t == typeof(ulong) => FormatCode.ULong,
            var t when t == typeof(sbyte) => FormatCode.Byte,
            var t when t == typeof(short) => FormatCode.Short,
            var t when t == typeof(int) => FormatCode.Int,
            var t when t == typeof(long) => FormatCode.Long,
            var t when t == typeof(float) => FormatCode.Float,
            var t when t == typeof(double) => FormatCode.Double,
            var t when t == typeof(AmqpDecimal32) => FormatCode.Decimal32,
            var t when t == typeof(AmqpDecimal64) => FormatCode.Decimal64,
            var t when t == typeof(AmqpDecimal128) => FormatCode.Decimal128,
            var t when t == typeof(AmqpChar) => FormatCode.Char,
            var t when t == typeof(AmqpTimestamp) => FormatCode.Timestamp,
            var t when t == typeof(Guid) => FormatCode.Uuid,
            var t when t == typeof(byte[]) => FormatCode.Binary32,
            var t when t == typeof(string) => FormatCode.String32,
            var t when t == typeof(AmqpSymbol) => FormatCode.Symbol32,
            var t when t == typeof(AmqpList) => FormatCode.List32,
            var t when t == typeof(AmqpMap) => FormatCode.Map32,
            var t when t == typeof(AmqpArray) => FormatCode.Array32,
            _ => throw new ArgumentException($"No AMQP array element type for {typeof(T)}."),
        };
        var boxed = new object?[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            boxed[i] = items[i];
        }

        return new AmqpArray(code, boxed);
    }

    public override bool Equals(object? obj) =>
        obj is AmqpArray other && other.ElementCode == ElementCode && Equals(other.Descriptor, Descriptor)
        && AmqpValueEquality.AreEqual(Items, other.Items);

    public override int GetHashCode() => HashCode.Combine(ElementCode, Items.Count);
}
