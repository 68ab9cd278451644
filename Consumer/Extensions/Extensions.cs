using AzureClientIntegrations;
using Consumer.Health;
using Consumer.Storage;
using ServiceDefaults.Health;

namespace Consumer.Extensions;

/// <summary>The consumer's composition root.</summary>
public static class Extensions
{
    public const string BlobsConnectionName = "blobs";
    public const string CosmosConnectionName = "cosmos";

    /// <summary>
    /// Registers <see cref="EventArchive"/> and <see cref="EventStore"/> with their clients, configured the way Aspire
    /// injects it: <c>ConnectionStrings__blobs</c>, <c>ConnectionStrings__cosmos</c> (connection string or bare endpoint),
    /// and the <c>EventArchive</c> / <c>EventStore</c> sections. Containers are created at start-up where configured.
    /// Readiness: the blob service (<c>blobs</c>), and the archive's container and the store's container
    /// (<c>event-archive</c>, <c>event-store</c>).
    /// </summary>
    public static IHostApplicationBuilder AddEventStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddAzureBlobServiceClient(BlobsConnectionName);
        builder.AddAzureCosmosClient(CosmosConnectionName, configureClientOptions: EventStore.ConfigureClientOptions);

        var containerName = AzureBlobServiceClientExtensions.ContainerNameOf(builder.Configuration.GetConnectionString(BlobsConnectionName));
        services.AddOptions<EventArchiveOptions>()
            .Bind(builder.Configuration.GetSection(EventArchiveOptions.SectionName))
            .PostConfigure(options => options.ContainerName = containerName ?? options.ContainerName);
        services.AddOptions<EventStoreOptions>().Bind(builder.Configuration.GetSection(EventStoreOptions.SectionName));
        services.AddSingleton<EventArchive>();
        services.AddSingleton<EventStore>();
        services.AddHostedService<StorageInitializer>();
        builder.AddReadinessCheck<EventArchiveHealthCheck>("event-archive");
        builder.AddReadinessCheck<EventStoreHealthCheck>("event-store");
        return builder;
    }
}
