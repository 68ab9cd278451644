using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Filters;

public sealed class FalseFilter : RuleFilter
{
    public static FalseFilter Instance { get; } = new();

    public override bool Matches(BrokerMessage message) => false;
}
