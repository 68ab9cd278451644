namespace ServiceBusEmulator.Broker;

/// <summary>
/// How many messages a queue or subscription holds, as Azure's count details name them: active (available or locked),
/// scheduled, deferred, and in its dead-letter queue.
/// </summary>
public sealed record EntityMessageCounts(string Path, int Active, int Scheduled, int Deferred, int DeadLettered);
