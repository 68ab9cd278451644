using Azure.Core.Extensions;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AzureClientIntegrations;

/// <summary>
/// Registers a <see cref="ServiceBusClient"/> singleton the way Aspire's <c>Aspire.Azure.Messaging.ServiceBus</c> does
/// (same method, parameters, settings and configuration section), with a readiness check on a queue or topic and the
/// SDK's spans in the traces.
/// </summary>
public static class AzureServiceBusClientExtensions
{
    public const string DefaultConfigSectionName = "Aspire:Azure:Messaging:ServiceBus";

    /// <summary>
    /// The SDK's activity sources (<c>ServiceBusSender</c>, <c>ServiceBusProcessor</c>, <c>ServiceBusReceiver</c>, ...):
    /// send spans stamp <c>Diagnostic-Id</c> on each message, process spans continue that trace in the receiver.
    /// </summary>
    public const string ActivitySourceNames = "Azure.Messaging.ServiceBus.*";

    /// <param name="connectionName">Names <c>ConnectionStrings:{connectionName}</c>, the health check, and the named settings section.</param>
    public static void AddAzureServiceBusClient(this IHostApplicationBuilder builder, string connectionName,
        Action<AzureMessagingServiceBusSettings>? configureSettings = null,
        Action<IAzureClientBuilder<ServiceBusClient, ServiceBusClientOptions>>? configureClientBuilder = null)
    {
        var settings = IntegrationSettings.Bind<AzureMessagingServiceBusSettings>(builder, DefaultConfigSectionName, connectionName);
        // A Service Bus connection string has an Endpoint; anything else names the namespace, bare or as a URI.
        IntegrationSettings.ReadConnectionString(builder, connectionName,
            endpoint => settings.FullyQualifiedNamespace = endpoint.Host,
            value =>
            {
                if (value.Contains("Endpoint=", StringComparison.OrdinalIgnoreCase))
                {
                    settings.ConnectionString = value;
                }
                else
                {
                    settings.FullyQualifiedNamespace = value.Trim();
                }
            });
        configureSettings?.Invoke(settings);

        builder.Services.AddAzureClients(clients =>
        {
            var client = settings switch
            {
                { ConnectionString: { Length: > 0 } connectionString } => clients.AddServiceBusClient(connectionString),
                { FullyQualifiedNamespace: { Length: > 0 } fullyQualifiedNamespace } => clients.AddServiceBusClientWithNamespace(fullyQualifiedNamespace)
                    .WithCredential(settings.Credential ?? new DefaultAzureCredential()),
                _ => throw ConnectionStringValue.Missing("Azure Service Bus", connectionName, DefaultConfigSectionName, "ConnectionString or FullyQualifiedNamespace"),
            };
            configureClientBuilder?.Invoke(client);
        });

        if (!settings.DisableTracing)
        {
            IntegrationTracing.AddSources(builder, ActivitySourceNames);
        }

        if (!settings.DisableHealthChecks && (settings.HealthCheckQueueName ?? settings.HealthCheckTopicName) is { Length: > 0 } entityPath)
        {
            var isQueue = settings.HealthCheckQueueName is { Length: > 0 };
            builder.Services.AddKeyedSingleton(connectionName, (provider, _) =>
                new ServiceBusEntityHealthCheck(provider.GetRequiredService<ServiceBusClient>(), entityPath, isQueue));
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                connectionName,
                provider => provider.GetRequiredKeyedService<ServiceBusEntityHealthCheck>(connectionName),
                HealthStatus.Unhealthy,
                tags: null,
                // A backstop only: the check's own, shorter timeout fires first and says why.
                ServiceBusEntityHealthCheck.ProbeTimeout + TimeSpan.FromSeconds(1)));
        }
    }
}
