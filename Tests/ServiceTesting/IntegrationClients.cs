using Azure.Storage.Blobs;
using AzureClientIntegrations;
using Microsoft.Extensions.Azure;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ServiceTesting;

/// <summary>
/// Storage clients for a test, made by the same client integrations the services use from the same connection-string
/// forms, so a test's client reaches an emulator exactly as the consumer's does. The caller disposes the client.
/// </summary>
public static class IntegrationClients
{
    public static CosmosClient Cosmos(string connectionSetting, Action<CosmosClientOptions>? configureClientOptions = null,
        Action<MicrosoftAzureCosmosSettings>? configureSettings = null) =>
        Resolve<CosmosClient>("cosmos", connectionSetting, builder => builder.AddAzureCosmosClient("cosmos", configureSettings, configureClientOptions));

    public static BlobServiceClient Blobs(string connectionSetting, Action<AzureStorageBlobsSettings>? configureSettings = null,
        Action<BlobClientOptions>? configureClientOptions = null) =>
        Resolve<BlobServiceClient>("blobs", connectionSetting, builder => builder.AddAzureBlobServiceClient("blobs", configureSettings,
            client => client.ConfigureOptions(options => configureClientOptions?.Invoke(options))));

    private static TClient Resolve<TClient>(string connectionName, string connectionSetting, Action<IHostApplicationBuilder> register)
        where TClient : notnull
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new($"ConnectionStrings:{connectionName}", connectionSetting)]);
        register(builder);
        // Not disposed: that would dispose the client the caller now owns.
        return builder.Services.BuildServiceProvider().GetRequiredService<TClient>();
    }
}
