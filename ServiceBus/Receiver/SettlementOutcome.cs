namespace ServiceBus;

/// <summary>How a locked message is settled: the link outcome and the <c>$management</c> disposition that mean the same.</summary>
internal enum SettlementOutcome
{
    Complete,
    Abandon,
    Defer,
    DeadLetter,
}
