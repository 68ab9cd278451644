namespace Amqp.Types;

// IEEE 754 decimal floating point values are carried as raw bits: .NET has no decimal32/64/128 type, and a
// broker only needs to pass them through unchanged.

/// <summary>An AMQP decimal32 (IEEE 754 decimal32, raw bits).</summary>
public readonly record struct AmqpDecimal32(uint Bits);

/// <summary>An AMQP decimal64 (IEEE 754 decimal64, raw bits).</summary>
public readonly record struct AmqpDecimal64(ulong Bits);

/// <summary>An AMQP decimal128 (IEEE 754 decimal128, raw bits, high half first as on the wire).</summary>
public readonly record struct AmqpDecimal128(ulong High, ulong Low);
