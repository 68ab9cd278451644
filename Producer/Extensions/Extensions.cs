using Contracts;
using Microsoft.Extensions.Options;
using Producer.Apis;
using Producer.Generation;
using Producer.Sending;
using ServiceBus;
using ServiceBus.HealthChecks;
using ServiceDefaults.Health;

namespace Producer.Extensions;

/// <summary>The producer's composition root.</summary>
public static class Extensions
{
    /// <summary>
    /// Registers the Service Bus client from <c>ConnectionStrings__servicebus</c> (connection string, or bare endpoint
    /// with <c>DefaultAzureCredential</c>), a sender for <c>ServiceBus__QueueName</c>, the publisher, the generator
    /// settings, RFC 7807 problem details, and a readiness check on the queue (<c>/health</c> is 503 until the queue
    /// answers; <c>/alive</c> does not depend on it).
    /// </summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<StoreEventQueueSettings>().Bind(builder.Configuration.GetSection(StoreEventQueueSettings.SectionName));
        services.AddOptions<StoreEventGeneratorOptions>().Bind(builder.Configuration.GetSection("StoreEventGenerator"));
        services.AddOptions<StoreEventsApiOptions>().Bind(builder.Configuration.GetSection(StoreEventsApiOptions.SectionName));
        // Read when first needed, so settings added after this call (a test host's) are seen.
        services.AddSingleton(provider => ServiceBusClient.FromConnectionSetting(
            provider.GetRequiredService<IConfiguration>().GetConnectionString("servicebus") is { Length: > 0 } connection
                ? connection
                : throw new InvalidOperationException("ConnectionStrings__servicebus is not set: give a Service Bus connection string or namespace endpoint.")));
        services.AddSingleton(provider => provider.GetRequiredService<ServiceBusClient>()
            .CreateSender(provider.GetRequiredService<IOptions<StoreEventQueueSettings>>().Value.QueueName));
        services.AddSingleton<StoreEventPublisher>();
        services.AddHealthChecks().AddServiceBusQueue(provider => provider.GetRequiredService<IOptions<StoreEventQueueSettings>>().Value.QueueName,
            tags: [HealthEndpoints.ReadyTag]);
        return builder;
    }
}
