namespace ServiceBusEmulator.Broker;

/// <summary>What a receiver does with a locked message.</summary>
public enum SettlementKind
{
    Complete,
    Abandon,
    Defer,
    DeadLetter,
}
