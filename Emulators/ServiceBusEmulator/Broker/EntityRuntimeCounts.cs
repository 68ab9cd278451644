namespace ServiceBusEmulator.Broker;

/// <summary>
/// What the administration API reports as a queue's or subscription's runtime properties: its message counts and the
/// bytes its messages (dead-lettered ones included) occupy as sent.
/// </summary>
public sealed record EntityRuntimeCounts(EntityMessageCounts Counts, long SizeInBytes)
{
    public long TotalMessageCount => Counts.Active + Counts.Scheduled + Counts.Deferred + Counts.DeadLettered;
}
