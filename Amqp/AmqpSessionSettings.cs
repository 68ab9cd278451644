namespace Amqp;

/// <summary>The windows and limits a session announces in its begin.</summary>
public sealed class AmqpSessionSettings
{
    /// <summary>How many transfer frames the peer may send before we widen the window again.</summary>
    public uint IncomingWindow { get; set; } = 8192;

    /// <summary>How many transfer frames we announce we may send.</summary>
    public uint OutgoingWindow { get; set; } = uint.MaxValue;

    /// <summary>The highest link handle we accept.</summary>
    public uint HandleMax { get; set; } = 1023;

    public AmqpMap? Properties { get; set; }
}
