using Azure.Messaging.ServiceBus;
using AzureClientIntegrations;
using Consumer.Processing;
using Contracts;
using Microsoft.Extensions.Options;

namespace Consumer.Extensions;

/// <summary>The consumer's composition root, second half: receiving store events from Service Bus.</summary>
public static class ProcessingExtensions
{
    /// <summary>
    /// Registers the Service Bus client from <c>ConnectionStrings__servicebus</c> (connection string, or bare namespace
    /// with <c>DefaultAzureCredential</c>) with a readiness check on the queue <c>ServiceBus__QueueName</c>, and the
    /// processor for that queue with the <c>Processor</c> section's settings. Call after
    /// <see cref="Extensions.AddEventStorage"/>, so the storage is prepared before the first message arrives.
    /// </summary>
    public static IHostApplicationBuilder AddEventProcessing(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var queue = builder.Configuration.GetSection(StoreEventQueueSettings.SectionName);
        services.AddOptions<StoreEventQueueSettings>().Bind(queue);
        services.AddOptions<StoreEventProcessorOptions>().Bind(builder.Configuration.GetSection(StoreEventProcessorOptions.SectionName));
        builder.AddAzureServiceBusClient(StoreEventQueueSettings.ConnectionName,
            settings => settings.HealthCheckQueueName ??= queue.Get<StoreEventQueueSettings>()?.QueueName ?? new StoreEventQueueSettings().QueueName);
        services.AddSingleton(provider => provider.GetRequiredService<ServiceBusClient>().CreateProcessor(
            provider.GetRequiredService<IOptions<StoreEventQueueSettings>>().Value.QueueName,
            StoreEventProcessor.CreateProcessorOptions(provider.GetRequiredService<IOptions<StoreEventProcessorOptions>>().Value)));
        services.AddSingleton<StoreEventHandler>();
        services.AddHostedService<StoreEventProcessor>();
        // Shutdown waits for the processor's own stop timeout plus time to close the link.
        services.Configure<HostOptions>(options =>
            options.ShutdownTimeout = builder.Configuration.GetSection(StoreEventProcessorOptions.SectionName).Get<StoreEventProcessorOptions>()?.StopTimeout.Add(TimeSpan.FromSeconds(5))
                ?? TimeSpan.FromSeconds(25));
        return builder;
    }
}
