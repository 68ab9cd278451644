using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Azure.Storage.Blobs;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodeEmulators;

namespace AspireHosting;

/// <summary>
/// Adds the Docker-free emulators to an AppHost. Each listens on 127.0.0.1 on a port DCP picks, reports healthy only
/// once it serves, and offers the connection string Aspire's Azure emulator integrations give.
/// </summary>
public static class LocalEmulatorBuilderExtensions
{
    /// <summary>Our Service Bus emulator; declare its entities with <see cref="WithQueue"/>.</summary>
    public static IResourceBuilder<LocalServiceBusEmulatorResource> AddLocalServiceBusEmulator(this IDistributedApplicationBuilder builder, string name)
    {
        var assembly = BuiltEmulators.Require(BuiltEmulators.ServiceBusEmulatorAssembly, "The Service Bus emulator");
        var resource = new LocalServiceBusEmulatorResource(name, BuiltEmulators.RepositoryRoot);
        var emulator = builder.AddResource(resource)
            .WithEndpoint(LocalServiceBusEmulatorResource.AmqpEndpointName, endpoint => Unproxied(endpoint, "tcp"))
            .WithEndpoint(LocalServiceBusEmulatorResource.ManagementEndpointName, endpoint => Unproxied(endpoint, "http"))
            .WithArgs(context =>
            {
                // Written when DCP starts the process, so it holds every queue declared until then.
                var config = ServiceBusEmulatorConfigFile.Write(resource.Queues, ServiceBusEmulatorConfigFile.DefaultRoot, name);
                context.Args.Add(assembly);
                context.Args.Add("--config");
                context.Args.Add(config);
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--port");
                context.Args.Add(resource.AmqpEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--management-port");
                context.Args.Add(resource.ManagementEndpoint.Property(EndpointProperty.TargetPort));
            })
            .WithOtlpExporter()
            .WithPollingHealthCheck(() => new Uri($"http://127.0.0.1:{resource.ManagementEndpoint.Port}/health"), requireOk: true);
        return emulator;
    }

    /// <summary>Declares a queue the emulator serves from its start, with the properties <paramref name="configure"/> sets.</summary>
    public static IResourceBuilder<LocalServiceBusEmulatorResource> WithQueue(
        this IResourceBuilder<LocalServiceBusEmulatorResource> builder, string name, Action<LocalServiceBusQueue>? configure = null)
    {
        var queue = new LocalServiceBusQueue(name);
        configure?.Invoke(queue);
        builder.Resource.Queues.Add(queue);
        return builder;
    }

    /// <summary>Azurite's Blob service, in memory; declare containers with <see cref="WithBlobContainer"/>.</summary>
    public static IResourceBuilder<LocalAzuriteResource> AddLocalAzurite(this IDistributedApplicationBuilder builder, string name)
    {
        var script = BuiltEmulators.Require(Path.Combine(BuiltEmulators.RepositoryRoot, AzuriteEmulator.Script), "Azurite");
        var resource = new LocalAzuriteResource(name, NodeExecutable.Path, BuiltEmulators.RepositoryRoot);
        return builder.AddResource(resource)
            .WithEndpoint(LocalAzuriteResource.BlobEndpointName, endpoint => Unproxied(endpoint, "http"))
            .WithArgs(context =>
            {
                context.Args.Add(script);
                foreach (var argument in AzuriteEmulator.InMemoryArguments)
                {
                    context.Args.Add(argument);
                }

                context.Args.Add("--blobHost");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--blobPort");
                context.Args.Add(resource.BlobEndpoint.Property(EndpointProperty.TargetPort));
            })
            // Any answer means Azurite serves: an unsigned request gets 403.
            .WithPollingHealthCheck(() => new Uri($"http://127.0.0.1:{resource.BlobEndpoint.Port}/{AzuriteEmulator.AccountName}?comp=list"), requireOk: false)
            .OnResourceReady(async (azurite, _, cancellationToken) =>
            {
                var connectionString = await azurite.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false);
                var service = new BlobServiceClient(connectionString);
                foreach (var container in azurite.BlobContainers)
                {
                    await service.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            });
    }

    /// <summary>Declares a blob container; it is created before anything waiting for the resource starts.</summary>
    public static IResourceBuilder<LocalAzuriteResource> WithBlobContainer(this IResourceBuilder<LocalAzuriteResource> builder, string name)
    {
        builder.Resource.BlobContainers.Add(name);
        return builder;
    }

    /// <summary>The Cosmos DB emulator, in memory, over HTTPS; declare containers with <see cref="WithContainer"/>.</summary>
    public static IResourceBuilder<LocalCosmosEmulatorResource> AddLocalCosmosEmulator(this IDistributedApplicationBuilder builder, string name)
    {
        var script = BuiltEmulators.Require(Path.Combine(BuiltEmulators.RepositoryRoot, CosmosEmulator.Script), "The Cosmos DB emulator launcher");
        BuiltEmulators.Require(Path.Combine(BuiltEmulators.RepositoryRoot, CosmosEmulator.ServerPackage), "The Cosmos DB emulator");
        var resource = new LocalCosmosEmulatorResource(name, NodeExecutable.Path, BuiltEmulators.RepositoryRoot);
        return builder.AddResource(resource)
            .WithEndpoint(LocalCosmosEmulatorResource.HttpsEndpointName, endpoint => Unproxied(endpoint, "https"))
            .WithArgs(context =>
            {
                context.Args.Add(script);
                context.Args.Add("--host");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--port");
                context.Args.Add(resource.HttpsEndpoint.Property(EndpointProperty.TargetPort));
            })
            // Any answer means the emulator serves: an unauthenticated request is refused.
            .WithPollingHealthCheck(() => new Uri($"https://127.0.0.1:{resource.HttpsEndpoint.Port}/"), requireOk: false)
            .OnResourceReady(async (cosmos, _, cancellationToken) =>
            {
                var connectionString = await cosmos.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false);
                using var client = new CosmosClient(connectionString, new CosmosClientOptions { ConnectionMode = ConnectionMode.Gateway, LimitToEndpoint = true });
                foreach (var container in cosmos.Containers)
                {
                    var database = await client.CreateDatabaseIfNotExistsAsync(container.DatabaseName, cancellationToken: cancellationToken).ConfigureAwait(false);
                    await database.Database.CreateContainerIfNotExistsAsync(container.ContainerName, container.PartitionKeyPath, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            });
    }

    /// <summary>Declares a container (and its database); both are created before anything waiting for the resource starts.</summary>
    public static IResourceBuilder<LocalCosmosEmulatorResource> WithContainer(
        this IResourceBuilder<LocalCosmosEmulatorResource> builder, string databaseName, string containerName, string partitionKeyPath)
    {
        builder.Resource.Containers.Add(new LocalCosmosContainer(databaseName, containerName, partitionKeyPath));
        return builder;
    }

    // Not proxied: clients reach the emulator itself on the port DCP picks (a proxy would add a hop to every AMQP
    // frame), and the port is the one the process binds, on 127.0.0.1.
    private static void Unproxied(EndpointAnnotation endpoint, string scheme)
    {
        endpoint.UriScheme = scheme;
        endpoint.IsProxied = false;
        endpoint.TargetHost = "127.0.0.1";
    }

    /// <summary>
    /// Healthy once <paramref name="path"/> on the resource's <c>http</c> endpoint answers 200 — like Aspire's
    /// WithHttpHealthCheck, but asking every 100 ms while the process starts instead of once per monitoring interval.
    /// </summary>
    public static IResourceBuilder<T> WithPollingHttpHealthCheck<T>(this IResourceBuilder<T> builder, string path)
        where T : IResourceWithEndpoints
    {
        var endpoint = builder.Resource.GetEndpoint("http");
        return builder.WithPollingHealthCheck(() => new Uri(new Uri(endpoint.Url), path), requireOk: true);
    }

    private static IResourceBuilder<T> WithPollingHealthCheck<T>(this IResourceBuilder<T> builder, Func<Uri> address, bool requireOk)
        where T : IResource
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{builder.Resource.Name}-ready");
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key, _ => new PollingHttpHealthCheck(address, requireOk), HealthStatus.Unhealthy, tags: null));
        return builder.WithHealthCheck(key);
    }
}
