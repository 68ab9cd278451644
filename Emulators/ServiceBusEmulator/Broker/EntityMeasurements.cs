namespace ServiceBusEmulator.Broker;

/// <summary>
/// What the emulator's metrics report for a queue or subscription: its message counts, the messages held under a
/// peek-lock now, and the running totals of messages stored by a send and consumed (completed or received and deleted).
/// </summary>
public sealed record EntityMeasurements(EntityMessageCounts Counts, int Locked, long Enqueued, long Completed);
