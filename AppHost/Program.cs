using AppHost;
using AspireHosting;

var builder = DistributedApplication.CreateBuilder(args);
if (LoopbackPorts.FirstInUse(builder.Configuration) is { } busy)
{
    Console.Error.WriteLine($"error: {busy}");
    return 1;
}

try
{
    var serviceBus = builder.AddLocalServiceBusEmulator("servicebus")
        .WithQueue("store-events", queue =>
        {
            queue.LockDuration = TimeSpan.FromMinutes(1);
            queue.MaxDeliveryCount = 10;
            queue.DefaultMessageTimeToLive = TimeSpan.FromDays(1);
            queue.DeadLetteringOnMessageExpiration = true;
            queue.RequiresDuplicateDetection = true;
            queue.DuplicateDetectionHistoryTimeWindow = TimeSpan.FromMinutes(10);
            queue.RequiresSession = false;
        })
        .WithDeadLetterCommands("store-events");

    var blobs = builder.AddLocalAzurite("blobs")
        .WithBlobContainer("warehouse");

    var cosmos = builder.AddLocalCosmosEmulator("cosmos")
        .WithContainer("warehouse", "events", "/store_id");

    builder.AddProject<Projects.Producer>("producer", launchProfileName: null)
        .WithHttpEndpoint()
        .WithEnvironment("ServiceBus__QueueName", "store-events")
        .WithReference(serviceBus).WaitFor(serviceBus)
        .WithPollingHttpHealthCheck("/health")
        .WithSendEventsCommand(100);

    builder.AddProject<Projects.Consumer>("consumer", launchProfileName: null)
        .WithReplicas(2)
        .WithEnvironment("ServiceBus__QueueName", "store-events")
        .WithEnvironment("EventArchive__ContainerName", "warehouse")
        .WithEnvironment("EventStore__DatabaseName", "warehouse")
        .WithEnvironment("EventStore__ContainerName", "events")
        .WithReference(serviceBus).WaitFor(serviceBus)
        .WithReference(blobs).WaitFor(blobs)
        .WithReference(cosmos).WaitFor(cosmos)
        .WithHttpEndpoint()
        .WithPollingHttpHealthCheck("/health");

    builder.Build().Run();
    return 0;
}
catch (LocalEmulatorUnavailableException exception)
{
    // Node.js missing or the emulators not built: one line saying what to do, not a stack trace.
    Console.Error.WriteLine($"error: {exception.Message}");
    return 1;
}
