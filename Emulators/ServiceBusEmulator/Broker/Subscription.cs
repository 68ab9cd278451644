using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Filters;

namespace ServiceBusEmulator.Broker;

internal sealed class Subscription(string name, MessageStore store, IReadOnlyList<RuleDefinition> rules)
{
    public string Name { get; } = name;

    public MessageStore Store { get; } = store;

    /// <summary>
    /// With no configured rules a subscription has Azure's <c>$Default</c> rule: a true filter. Replaced whole (never
    /// mutated) under the broker lock when a client adds or removes a rule; with none left it receives nothing.
    /// </summary>
    public IReadOnlyList<RuleDefinition> Rules { get; set; } =
        rules.Count > 0 ? rules : [new RuleDefinition(RuleDefinition.DefaultRuleName, TrueFilter.Instance)];
}
