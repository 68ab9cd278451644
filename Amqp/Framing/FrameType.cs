namespace Amqp.Framing;

/// <summary>The frame types of spec 2.3: the 6th byte of a frame header.</summary>
public static class FrameType
{
    public const byte Amqp = 0x00;
    public const byte Sasl = 0x01;

    /// <summary>Frame header length in bytes (size, data offset, type, channel).</summary>
    public const int HeaderSize = 8;

    /// <summary>The smallest max-frame-size a peer may announce (spec 2.7.1, MIN-MAX-FRAME-SIZE).</summary>
    public const uint MinMaxFrameSize = 512;
}
