namespace ServiceBusEmulator.Configuration;

public sealed record QueueDefinition(string Name)
{
    public EntityProperties Properties { get; init; } = new();
}
