using Amqp.Framing;

namespace Amqp;

/// <summary>A delivery we sent unsettled: its id and tag, the peer's latest state, and the task settlement completes.</summary>
public sealed class SentDelivery
{
    internal SentDelivery(SenderLink link, uint deliveryId, ReadOnlyMemory<byte> tag, TaskCompletionSource<DeliveryState?>? completion)
    {
        Completion = completion ?? new(TaskCreationOptions.RunContinuationsAsynchronously);
        Link = link;
        DeliveryId = deliveryId;
        DeliveryTag = tag;
    }

    public SenderLink Link { get; }

    public uint DeliveryId { get; }

    public ReadOnlyMemory<byte> DeliveryTag { get; }

    /// <summary>The state the receiver last reported (its outcome).</summary>
    public DeliveryState? RemoteState { get; internal set; }

    public bool IsSettled { get; internal set; }

    internal TaskCompletionSource<DeliveryState?> Completion { get; }
}
