namespace Amqp.Framing;

/// <summary>How the sender settles deliveries (spec 2.8.2).</summary>
public enum SenderSettleMode : byte
{
    /// <summary>The sender sends every delivery unsettled and waits for the receiver's outcome.</summary>
    Unsettled = 0,

    /// <summary>The sender sends every delivery settled ("fire and forget").</summary>
    Settled = 1,

    /// <summary>The sender chooses per delivery (the spec default).</summary>
    Mixed = 2,
}
