namespace ServiceBusEmulator.Configuration;

/// <summary>A subscription; with no rules it gets Azure's default rule <c>$Default</c> (a true filter).</summary>
public sealed record SubscriptionDefinition(string Name)
{
    public EntityProperties Properties { get; init; } = new();

    public IReadOnlyList<RuleDefinition> Rules { get; init; } = [];
}
