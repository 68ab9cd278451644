namespace Contracts;

/// <summary>
/// The <c>ServiceBus</c> configuration section both services read (<c>ServiceBus__QueueName</c>): the queue the producer
/// sends store events to is the queue the consumers read, so one type names it for both.
/// </summary>
public sealed class StoreEventQueueSettings
{
    public const string SectionName = "ServiceBus";

    /// <summary>The connection both services use: <c>ConnectionStrings__servicebus</c>, as the AppHost names it.</summary>
    public const string ConnectionName = "servicebus";

    public string QueueName { get; set; } = "store-events";
}
