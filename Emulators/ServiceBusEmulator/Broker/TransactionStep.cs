namespace ServiceBusEmulator.Broker;

/// <summary>One enlisted operation: a send of <see cref="Messages"/>, or the <see cref="Settlement"/> of a locked message.</summary>
internal sealed record TransactionStep(string Address, IReadOnlyList<BrokerMessage>? Messages, Guid LockToken, Settlement? Settlement);
