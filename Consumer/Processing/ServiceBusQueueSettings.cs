namespace Consumer.Processing;

/// <summary>The <c>ServiceBus</c> configuration section: which queue the consumer reads.</summary>
public sealed class ServiceBusQueueSettings
{
    public const string SectionName = "ServiceBus";

    public string QueueName { get; set; } = "store-events";
}
