namespace ServiceBusEmulator.Configuration;

public sealed record TopicDefinition(string Name)
{
    public EntityProperties Properties { get; init; } = new();

    public IReadOnlyList<SubscriptionDefinition> Subscriptions { get; init; } = [];
}
