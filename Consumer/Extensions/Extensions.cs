using Azure.Core;
using Azure.Identity;
using Consumer.Health;
using Consumer.Storage;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;
using ServiceDefaults.Health;

namespace Consumer.Extensions;

/// <summary>The consumer's composition root.</summary>
public static class Extensions
{
    /// <summary>
    /// Registers <see cref="EventArchive"/> and <see cref="EventStore"/> with their clients, configured the way Aspire
    /// injects it: <c>ConnectionStrings__blobs</c>, <c>ConnectionStrings__cosmos</c> (connection string or bare endpoint),
    /// and the <c>EventArchive</c> / <c>EventStore</c> sections. Containers are created at start-up where configured.
    /// </summary>
    public static IHostApplicationBuilder AddEventStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var blobs = BlobConnection.Parse(builder.Configuration.GetConnectionString("blobs"));
        var cosmos = CosmosConnection.Parse(builder.Configuration.GetConnectionString("cosmos"));

        services.AddOptions<EventArchiveOptions>()
            .Bind(builder.Configuration.GetSection(EventArchiveOptions.SectionName))
            .PostConfigure(options => options.ContainerName = blobs.ContainerName ?? options.ContainerName);
        services.AddOptions<EventStoreOptions>().Bind(builder.Configuration.GetSection(EventStoreOptions.SectionName));

        // Created only if a setting is a bare endpoint.
        services.AddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.AddSingleton(provider => blobs.CreateServiceClient(provider.GetRequiredService<TokenCredential>));
        services.AddSingleton(provider => cosmos.CreateClient(provider.GetRequiredService<TokenCredential>, EventStore.CreateClientOptions()));
        services.AddSingleton<EventArchive>();
        services.AddSingleton<EventStore>();
        services.AddHostedService<StorageInitializer>();
        builder.AddReadinessCheck<EventArchiveHealthCheck>("blobs");
        builder.AddReadinessCheck<EventStoreHealthCheck>("cosmos");
        return builder;
    }
}
