using Azure.Identity;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AzureClientIntegrations;

/// <summary>
/// Registers a <see cref="CosmosClient"/> singleton the way Aspire's <c>Aspire.Microsoft.Azure.Cosmos</c> does (same
/// method, parameters, settings and configuration section), with the SDK's distributed tracing on. Like Aspire's, it
/// adds no health check: what "ready" means (which database and container) is the service's to say.
/// </summary>
public static class AzureCosmosClientExtensions
{
    public const string DefaultConfigSectionName = "Aspire:Microsoft:Azure:Cosmos";

    public const string ActivitySourceName = "Azure.Cosmos.Operation";

    /// <param name="connectionName">Names <c>ConnectionStrings:{connectionName}</c> and the named settings section.</param>
    public static void AddAzureCosmosClient(this IHostApplicationBuilder builder, string connectionName,
        Action<MicrosoftAzureCosmosSettings>? configureSettings = null,
        Action<CosmosClientOptions>? configureClientOptions = null)
    {
        var settings = IntegrationSettings.Bind<MicrosoftAzureCosmosSettings>(builder, DefaultConfigSectionName, connectionName);
        IntegrationSettings.ReadConnectionString(builder, connectionName,
            endpoint => settings.AccountEndpoint = endpoint,
            connectionString => settings.ConnectionString = connectionString);
        configureSettings?.Invoke(settings);
        var options = new CosmosClientOptions();
        options.CosmosClientTelemetryOptions.DisableDistributedTracing = settings.DisableTracing;
        configureClientOptions?.Invoke(options);
        var client = CreateClient(settings, options, connectionName);
        builder.Services.AddSingleton(_ => client.Value);

        if (!settings.DisableTracing)
        {
            IntegrationTracing.AddSources(builder, ActivitySourceName);
        }
    }

    // Lazy: the client is built when first resolved (as Aspire's is), yet a bad setting fails at registration.
    private static Lazy<CosmosClient> CreateClient(MicrosoftAzureCosmosSettings settings, CosmosClientOptions options, string connectionName)
    {
        if (settings.ConnectionString is { Length: > 0 } connectionString)
        {
            if (!Uri.TryCreate(ConnectionStringValue.Find(connectionString, "AccountEndpoint"), UriKind.Absolute, out var accountEndpoint))
            {
                throw new InvalidOperationException($"Azure Cosmos DB: ConnectionStrings:{connectionName} has no valid AccountEndpoint.");
            }

            if (string.IsNullOrWhiteSpace(ConnectionStringValue.Find(connectionString, "AccountKey")))
            {
                throw new InvalidOperationException($"Azure Cosmos DB: ConnectionStrings:{connectionName} has no AccountKey; give a bare endpoint to use Entra ID instead.");
            }

            StayOnEmulatorEndpoint(accountEndpoint, options);
            return new(() => new CosmosClient(connectionString, options));
        }

        if (settings.AccountEndpoint is { } endpoint)
        {
            StayOnEmulatorEndpoint(endpoint, options);
            return new(() => new CosmosClient(endpoint.ToString(), settings.Credential ?? new DefaultAzureCredential(), options));
        }

        throw ConnectionStringValue.Missing("Azure Cosmos DB", connectionName, DefaultConfigSectionName, "ConnectionString or AccountEndpoint");
    }

    // A loopback endpoint is an emulator, possibly behind a mapped port: the client stays on it instead of following the
    // account's advertised address, which may name a port that is not reachable from here. A real account is never on
    // loopback, so region discovery and failover stay on for it.
    private static void StayOnEmulatorEndpoint(Uri endpoint, CosmosClientOptions options)
    {
        if (endpoint.IsLoopback)
        {
            options.LimitToEndpoint = true;
        }
    }
}
