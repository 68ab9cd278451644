using Azure.Core;

namespace AzureClientIntegrations;

/// <summary>
/// Settings of <see cref="AzureServiceBusClientExtensions.AddAzureServiceBusClient"/>, bound from
/// <c>Aspire:Azure:Messaging:ServiceBus</c> and <c>Aspire:Azure:Messaging:ServiceBus:{connectionName}</c>, then from
/// <c>ConnectionStrings:{connectionName}</c>. Same names as Aspire's <c>AzureMessagingServiceBusSettings</c>.
/// </summary>
public sealed class AzureMessagingServiceBusSettings
{
    /// <summary>A connection string (<c>Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=...</c>, an emulator's with <c>UseDevelopmentEmulator=true</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The namespace (<c>{name}.servicebus.windows.net</c>) reached with <see cref="Credential"/>.</summary>
    public string? FullyQualifiedNamespace { get; set; }

    /// <summary>Used with <see cref="FullyQualifiedNamespace"/>; <c>DefaultAzureCredential</c> when null.</summary>
    public TokenCredential? Credential { get; set; }

    /// <summary>The queue the health check peeks; with neither this nor <see cref="HealthCheckTopicName"/> no check is added.</summary>
    public string? HealthCheckQueueName { get; set; }

    /// <summary>The topic the health check asks about (its first subscription is peeked).</summary>
    public string? HealthCheckTopicName { get; set; }

    public bool DisableHealthChecks { get; set; }

    /// <summary>True leaves the SDK's <c>Azure.Messaging.ServiceBus.*</c> activity sources out of the traces.</summary>
    public bool DisableTracing { get; set; }
}
