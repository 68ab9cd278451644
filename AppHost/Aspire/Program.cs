using AppHost.Aspire;
using AppHost.Topology;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

// The Aspire flavor (dotnet run --project AppHost -p:AppHostFlavor=Aspire): the same topology.json, run by Aspire
// with the official emulators (containers) and the Aspire dashboard. Needs Docker or Podman and the Aspire packages.
var topology = TopologyDefinition.Load();
var builder = DistributedApplication.CreateBuilder(args);

var serviceBus = builder.AddAzureServiceBus(topology.ServiceBus.ConnectionName).RunAsEmulator();
foreach (var queue in topology.ServiceBus.Queues)
{
    serviceBus.AddServiceBusQueue(queue.Name).WithProperties(resource => QueueProperties.Apply(queue, resource));
}

// The preview (vNext) Linux emulator rather than the classic image: experimental in 13.5, hence the pragma.
#pragma warning disable ASPIRECOSMOSDB001
var cosmos = builder.AddAzureCosmosDB(topology.Cosmos.ConnectionName).RunAsPreviewEmulator();
#pragma warning restore ASPIRECOSMOSDB001
foreach (var database in topology.Cosmos.Databases)
{
    var cosmosDatabase = cosmos.AddCosmosDatabase(database.Name);
    foreach (var container in database.Containers)
    {
        cosmosDatabase.AddContainer(container.Name, container.PartitionKeyPath);
    }
}

// The blob container resource carries the connection name, so a service reads ConnectionStrings__blobs (with
// ContainerName=…) exactly as under the embedded AppHost. That connection string names one container, hence one here.
var blobContainer = topology.Blobs.Containers.Count == 1
    ? topology.Blobs.Containers[0]
    : throw new InvalidDataException($"topology.json: the Aspire flavor needs exactly one blob container, not {topology.Blobs.Containers.Count}");
var storage = builder.AddAzureStorage("storage").RunAsEmulator();
var blobs = storage.AddBlobContainer(topology.Blobs.ConnectionName, blobContainer);

var connectable = new Dictionary<string, IResourceBuilder<IResourceWithConnectionString>>
{
    [topology.ServiceBus.ConnectionName] = serviceBus,
    [topology.Cosmos.ConnectionName] = cosmos,
    [topology.Blobs.ConnectionName] = blobs,
};

foreach (var service in topology.Services)
{
    var project = ServiceProjects.Add(builder, service).WithReplicas(service.Replicas);
    // Aspire makes endpoints from the launch profile's applicationUrl; the consumer's profile has none, and both the
    // health check and the end-to-end scenarios need an HTTP endpoint on every service.
    if (!project.Resource.GetEndpoints().Any())
    {
        project.WithHttpEndpoint();
    }

    // Healthy means what it means under the embedded AppHost: /health answers 200, not merely "the process runs".
    project.WithHttpHealthCheck("/health");
    foreach (var (name, value) in service.Environment)
    {
        project.WithEnvironment(name, value);
    }

    foreach (var reference in service.References)
    {
        var resource = connectable.TryGetValue(reference, out var found)
            ? found
            : throw new InvalidDataException($"topology.json: {service.Name} references '{reference}', which is not a resource");
        project.WithReference(resource).WaitFor(resource);
    }
}

builder.Build().Run();

/// <summary>Public so that DistributedApplicationTestingBuilder.CreateAsync(typeof(Program)) can find this AppHost.</summary>
public partial class Program;
