namespace Producer.Sending;

/// <summary>The <c>ServiceBus</c> configuration section: which queue the store events go to.</summary>
public sealed class ServiceBusSettings
{
    public const string SectionName = "ServiceBus";

    public string QueueName { get; set; } = "store-events";
}
