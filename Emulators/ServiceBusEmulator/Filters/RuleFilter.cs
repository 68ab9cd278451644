using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Filters;

/// <summary>Decides whether a message sent to a topic gets a copy in a subscription.</summary>
public abstract class RuleFilter
{
    public abstract bool Matches(BrokerMessage message);
}
