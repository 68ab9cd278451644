using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Filters;

/// <summary>Matches every message; the filter of a subscription's default rule <c>$Default</c>.</summary>
public sealed class TrueFilter : RuleFilter
{
    public static TrueFilter Instance { get; } = new();

    public override bool Matches(BrokerMessage message) => true;
}
