namespace ServiceBusEmulator.Configuration;

/// <summary>The entities of the emulator's single namespace, as read from a Config.json or built in code.</summary>
public sealed record EmulatorConfiguration
{
    public const string DefaultNamespaceName = "sbemulatorns";

    public string NamespaceName { get; init; } = DefaultNamespaceName;

    public IReadOnlyList<QueueDefinition> Queues { get; init; } = [];

    public IReadOnlyList<TopicDefinition> Topics { get; init; } = [];

    public LoggingDefinition Logging { get; init; } = LoggingDefinition.Default;
}
