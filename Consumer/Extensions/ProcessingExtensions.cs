using Consumer.Processing;
using Contracts;
using Microsoft.Extensions.Options;
using ServiceBus;
using ServiceBus.HealthChecks;
using ServiceDefaults.Health;

namespace Consumer.Extensions;

/// <summary>The consumer's composition root, second half: receiving store events from Service Bus.</summary>
public static class ProcessingExtensions
{
    /// <summary>
    /// Registers the Service Bus client from <c>ConnectionStrings__servicebus</c> (connection string, or bare endpoint
    /// with <c>DefaultAzureCredential</c>), the processor for <c>ServiceBus__QueueName</c> with the <c>Processor</c>
    /// section's settings, and a readiness check on the queue. Call after <see cref="Extensions.AddEventStorage"/>,
    /// so the storage is prepared before the first message arrives.
    /// </summary>
    public static IHostApplicationBuilder AddEventProcessing(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var connection = builder.Configuration.GetConnectionString("servicebus");
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new InvalidOperationException("ConnectionStrings__servicebus is not set: give a Service Bus connection string or namespace endpoint.");
        }

        services.AddOptions<StoreEventQueueSettings>().Bind(builder.Configuration.GetSection(StoreEventQueueSettings.SectionName));
        services.AddOptions<StoreEventProcessorOptions>().Bind(builder.Configuration.GetSection(StoreEventProcessorOptions.SectionName));
        services.AddSingleton(_ => ServiceBusClient.FromConnectionSetting(connection));
        services.AddSingleton(provider => provider.GetRequiredService<ServiceBusClient>().CreateProcessor(
            provider.GetRequiredService<IOptions<StoreEventQueueSettings>>().Value.QueueName,
            StoreEventProcessor.CreateProcessorOptions(provider.GetRequiredService<IOptions<StoreEventProcessorOptions>>().Value)));
        services.AddSingleton<StoreEventHandler>();
        services.AddHostedService<StoreEventProcessor>();
        // Shutdown waits for the processor's own stop timeout plus time to close the link.
        services.Configure<HostOptions>(options =>
            options.ShutdownTimeout = builder.Configuration.GetSection(StoreEventProcessorOptions.SectionName).Get<StoreEventProcessorOptions>()?.StopTimeout.Add(TimeSpan.FromSeconds(5))
                ?? TimeSpan.FromSeconds(25));
        services.AddHealthChecks().AddServiceBusQueue(provider => provider.GetRequiredService<IOptions<StoreEventQueueSettings>>().Value.QueueName,
            tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }
}
