using System.Text.Json.Nodes;
using System.Xml;
using AppHost.Topology;
using Aspire.Hosting.Azure;

namespace AppHost.Aspire;

/// <summary>
/// Copies a queue's topology.json properties (the Service Bus emulator's Config.json names, ISO 8601 durations) onto
/// Aspire's queue resource. A property Aspire cannot express stops the AppHost rather than being dropped silently.
/// </summary>
internal static class QueueProperties
{
    public static void Apply(QueueDefinition queue, AzureServiceBusQueueResource resource)
    {
        foreach (var (name, value) in queue.Properties)
        {
            switch (name)
            {
                case "LockDuration": resource.LockDuration = Duration(value); break;
                case "MaxDeliveryCount": resource.MaxDeliveryCount = value!.GetValue<int>(); break;
                case "DefaultMessageTimeToLive": resource.DefaultMessageTimeToLive = Duration(value); break;
                case "DeadLetteringOnMessageExpiration": resource.DeadLetteringOnMessageExpiration = value!.GetValue<bool>(); break;
                case "RequiresDuplicateDetection": resource.RequiresDuplicateDetection = value!.GetValue<bool>(); break;
                case "DuplicateDetectionHistoryTimeWindow": resource.DuplicateDetectionHistoryTimeWindow = Duration(value); break;
                case "RequiresSession": resource.RequiresSession = value!.GetValue<bool>(); break;
                case "ForwardTo": resource.ForwardTo = EmptyAsNull(value); break;
                case "ForwardDeadLetteredMessagesTo": resource.ForwardDeadLetteredMessagesTo = EmptyAsNull(value); break;
                default: throw new InvalidDataException($"topology.json: queue '{queue.Name}' property '{name}' has no Aspire equivalent");
            }
        }
    }

    private static TimeSpan Duration(JsonNode? value) => XmlConvert.ToTimeSpan(value!.GetValue<string>());

    private static string? EmptyAsNull(JsonNode? value) => value?.GetValue<string>() is { Length: > 0 } text ? text : null;
}
