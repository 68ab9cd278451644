namespace Amqp.Framing;

/// <summary>The 8-byte protocol headers that start each protocol layer (spec 2.2, 5.2.1, 5.3.1).</summary>
public static class ProtocolHeader
{
    /// <summary><c>AMQP 0 1 0 0</c>: plain AMQP.</summary>
    public static ReadOnlySpan<byte> Amqp => "AMQP\0\u0001\0\0"u8;

    /// <summary><c>AMQP 2 1 0 0</c>: TLS negotiation inside AMQP (not used: TLS is done on the socket).</summary>
    public static ReadOnlySpan<byte> Tls => "AMQP\u0002\u0001\0\0"u8;

    /// <summary><c>AMQP 3 1 0 0</c>: SASL security layer.</summary>
    public static ReadOnlySpan<byte> Sasl => "AMQP\u0003\u0001\0\0"u8;

    public const int Size = 8;
}
