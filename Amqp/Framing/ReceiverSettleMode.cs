namespace Amqp.Framing;

/// <summary>When the receiver settles (spec 2.8.3).</summary>
public enum ReceiverSettleMode : byte
{
    /// <summary>The receiver settles as soon as it has an outcome (the spec default).</summary>
    First = 0,

    /// <summary>The receiver sends its outcome unsettled and settles only after the sender settles (peek-lock).</summary>
    Second = 1,
}
