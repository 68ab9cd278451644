using Azure.Messaging.ServiceBus;
using AzureClientIntegrations;
using Contracts;
using Microsoft.Extensions.Options;
using Producer.Apis;
using Producer.Generation;
using Producer.Sending;

namespace Producer.Extensions;

/// <summary>The producer's composition root.</summary>
public static class Extensions
{
    /// <summary>
    /// Registers the Service Bus client from <c>ConnectionStrings__servicebus</c> (connection string, or bare namespace
    /// with <c>DefaultAzureCredential</c>) with a readiness check on the queue <c>ServiceBus__QueueName</c> (<c>/health</c>
    /// is 503 until the queue answers; <c>/alive</c> does not depend on it), a sender for that queue, the publisher, the
    /// generator settings, and RFC 7807 problem details.
    /// </summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddSingleton(TimeProvider.System);
        var queue = builder.Configuration.GetSection(StoreEventQueueSettings.SectionName);
        services.AddOptions<StoreEventQueueSettings>().Bind(queue);
        services.AddOptions<StoreEventGeneratorOptions>().Bind(builder.Configuration.GetSection("StoreEventGenerator"));
        services.AddOptions<StoreEventsApiOptions>().Bind(builder.Configuration.GetSection(StoreEventsApiOptions.SectionName));
        builder.AddAzureServiceBusClient(StoreEventQueueSettings.ConnectionName,
            settings => settings.HealthCheckQueueName ??= queue.Get<StoreEventQueueSettings>()?.QueueName ?? new StoreEventQueueSettings().QueueName);
        services.AddSingleton(provider => provider.GetRequiredService<ServiceBusClient>()
            .CreateSender(provider.GetRequiredService<IOptions<StoreEventQueueSettings>>().Value.QueueName));
        services.AddSingleton<StoreEventPublisher>();
        return builder;
    }
}
