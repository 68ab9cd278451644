namespace ServiceBusEmulator.Broker;

/// <summary>
/// What happened to one sent message: its sequence number (a topic's for topics; the target's after
/// auto-forwarding), or <see cref="IsDuplicate"/> when duplicate detection dropped it (still a success, as in Azure).
/// </summary>
public readonly record struct SendOutcome(long SequenceNumber, string MessageId, bool IsDuplicate);
