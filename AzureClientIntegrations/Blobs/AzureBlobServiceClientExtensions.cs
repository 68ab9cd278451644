using Azure.Core.Extensions;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AzureClientIntegrations;

/// <summary>
/// Registers a <see cref="BlobServiceClient"/> singleton the way Aspire's <c>Aspire.Azure.Storage.Blobs</c> does (same
/// method, parameters, settings and configuration section), with a health check on the service and the SDK's spans in
/// the traces.
/// </summary>
public static class AzureBlobServiceClientExtensions
{
    public const string DefaultConfigSectionName = "Aspire:Azure:Storage:Blobs";

    public const string ActivitySourceNames = "Azure.Storage.Blobs.*";

    /// <summary>
    /// Aspire adds this key to a blob container resource's connection string; the Blob SDK refuses keys it does not
    /// know, so it is taken out before the client sees the string (read it with <see cref="ContainerNameOf"/>).
    /// </summary>
    public const string ContainerNameKey = "ContainerName";

    /// <param name="connectionName">Names <c>ConnectionStrings:{connectionName}</c>, the health check, and the named settings section.</param>
    public static void AddAzureBlobServiceClient(this IHostApplicationBuilder builder, string connectionName,
        Action<AzureStorageBlobsSettings>? configureSettings = null,
        Action<IAzureClientBuilder<BlobServiceClient, BlobClientOptions>>? configureClientBuilder = null)
    {
        var settings = IntegrationSettings.Bind<AzureStorageBlobsSettings>(builder, DefaultConfigSectionName, connectionName);
        IntegrationSettings.ReadConnectionString(builder, connectionName,
            serviceUri => settings.ServiceUri = serviceUri,
            connectionString => settings.ConnectionString = ConnectionStringValue.Without(connectionString, ContainerNameKey));
        configureSettings?.Invoke(settings);

        builder.Services.AddAzureClients(clients =>
        {
            var client = settings switch
            {
                { ConnectionString: { Length: > 0 } connectionString } => clients.AddBlobServiceClient(connectionString),
                { ServiceUri: { } serviceUri } => clients.AddBlobServiceClient(serviceUri).WithCredential(settings.Credential ?? new DefaultAzureCredential()),
                _ => throw ConnectionStringValue.Missing("Azure Blob Storage", connectionName, DefaultConfigSectionName, "ConnectionString or ServiceUri"),
            };
            configureClientBuilder?.Invoke(client);
        });

        if (!settings.DisableTracing)
        {
            IntegrationTracing.AddSources(builder, ActivitySourceNames);
        }

        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
                connectionName,
                provider => new BlobServiceHealthCheck(provider.GetRequiredService<BlobServiceClient>()),
                HealthStatus.Unhealthy,
                tags: null,
                TimeSpan.FromSeconds(5)));
        }
    }

    /// <summary>The container an Aspire blob container resource names in its connection string, or null.</summary>
    public static string? ContainerNameOf(string? connectionString) =>
        string.IsNullOrWhiteSpace(connectionString) || ConnectionStringValue.IsEndpoint(connectionString, out _)
            ? null
            : ConnectionStringValue.Find(connectionString, ContainerNameKey);
}
