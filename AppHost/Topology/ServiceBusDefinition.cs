namespace AppHost.Topology;

internal sealed record ServiceBusDefinition(string ConnectionName, IReadOnlyList<QueueDefinition> Queues);
