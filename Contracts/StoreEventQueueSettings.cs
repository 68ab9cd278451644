namespace Contracts;

/// <summary>
/// The <c>ServiceBus</c> configuration section both services read (<c>ServiceBus__QueueName</c>): the queue the producer
/// sends store events to is the queue the consumers read, so one type names it for both.
/// </summary>
public sealed class StoreEventQueueSettings
{
    public const string SectionName = "ServiceBus";

    public string QueueName { get; set; } = "store-events";
}
