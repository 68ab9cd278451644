using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Filters;

namespace ServiceBusEmulator.Broker;

internal sealed class Subscription(string name, MessageStore store, IReadOnlyList<RuleDefinition> rules)
{
    public string Name { get; } = name;

    public MessageStore Store { get; } = store;

    /// <summary>With no configured rules a subscription has Azure's <c>$Default</c> rule: a true filter.</summary>
    public IReadOnlyList<RuleDefinition> Rules { get; } =
        rules.Count > 0 ? rules : [new RuleDefinition(RuleDefinition.DefaultRuleName, TrueFilter.Instance)];
}
