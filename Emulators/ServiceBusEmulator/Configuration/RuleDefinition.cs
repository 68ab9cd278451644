using ServiceBusEmulator.Filters;

namespace ServiceBusEmulator.Configuration;

/// <summary>A subscription rule: a filter and an optional SQL action applied to the subscription's copy.</summary>
public sealed record RuleDefinition(string Name, RuleFilter Filter)
{
    public SqlRuleAction? Action { get; init; }

    public const string DefaultRuleName = "$Default";
}
