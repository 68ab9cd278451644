namespace Amqp.Transport;

/// <summary>One received frame; <see cref="Body"/> is valid only until the next read.</summary>
internal readonly record struct Frame(byte Type, ushort Channel, ReadOnlyMemory<byte> Body);
