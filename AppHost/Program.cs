using System.Diagnostics;
using System.Runtime.InteropServices;
using AppHost;
using AppHost.Dashboard;
using AppHost.Orchestration;
using AppHost.Resources;
using AppHost.Topology;

// The embedded AppHost: runs topology.json's graph on this machine (emulators, producer, consumer replicas),
// prints the resource table and every resource's log, serves the dashboard, and stops everything on Ctrl+C / SIGTERM.
AppHostOptions options;
try
{
    if (AppHostOptions.Parse(args) is not { } parsed)
    {
        Console.WriteLine(AppHostOptions.Usage);
        return 0;
    }

    options = parsed;
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    Console.Error.WriteLine(AppHostOptions.Usage);
    return 2;
}

var started = Stopwatch.StartNew();
TopologyDefinition topology;
try
{
    topology = TopologyDefinition.Load();
}
catch (Exception exception) when (exception is IOException or InvalidDataException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine($"error: {TopologyDefinition.FileName}: {exception.Message}");
    return 2;
}

var registry = new ResourceRegistry();
var log = ResourceLog.ForConsole();
await using var orchestrator = new Orchestrator(topology, BuildLayout.OfThisBuild(), registry, log);
orchestrator.Declare();
using var table = new ResourceTable(registry, log);
table.PrintIfChanged();

using var stop = new CancellationTokenSource();
var stopRequests = 0;
void RequestStop(PosixSignalContext context)
{
    context.Cancel = true;
    orchestrator.NoteStopRequested();
    if (Interlocked.Increment(ref stopRequests) == 1)
    {
        log.WriteHost($"{context.Signal}: stopping every resource (press Ctrl+C again to kill them at once)...");
        stop.Cancel();
    }
    else
    {
        log.WriteHost("Killing every resource now.");
        Environment.Exit(130);
    }
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);

var blobs = topology.Blobs;
var cosmosContainer = topology.Cosmos.Databases[0];
using var counts = new StorageCounts(
    () => registry.Find(Orchestrator.BlobsResource)?.ConnectionString,
    () => registry.Find(Orchestrator.CosmosResource)?.ConnectionString,
    blobs.Containers[0],
    cosmosContainer.Name,
    cosmosContainer.Containers[0].Name);

using var managementHttp = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
var queueCounts = new ServiceBusCounts(
    () => registry.Find(Orchestrator.ServiceBusResource)?.Endpoints.GetValueOrDefault("health"),
    topology.ServiceBus.Queues[0].Name,
    managementHttp);

var producers = new ProducerReplicas(
    [.. topology.Services.Where(service => service.Name == Orchestrator.ProducerService).SelectMany(Orchestrator.ReplicaNames)],
    registry,
    managementHttp);

var deadLetters = new DeadLetterQueue(
    () => registry.Find(Orchestrator.ServiceBusResource)?.ConnectionString,
    topology.ServiceBus.Queues[0].Name);

var exitCode = 0;
DashboardServer? dashboard = null;
try
{
    dashboard = await DashboardServer.StartAsync(options.DashboardPort, registry, log, counts, queueCounts, producers, deadLetters, stop.Token);
    log.WriteHost($"Dashboard: {dashboard.Url}");
    await orchestrator.StartAsync(stop.Token);
    _ = ReportWhenReadyAsync(stop.Token);
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (AppHostStartException exception)
{
    log.WriteHost($"error: {exception.Message}");
    exitCode = 1;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    // Ctrl+C or SIGTERM.
}
finally
{
    var stopping = Stopwatch.StartNew();
    await orchestrator.StopAsync();
    if (dashboard is not null)
    {
        await dashboard.DisposeAsync();
    }

    table.PrintIfChanged();
    log.WriteHost($"Stopped in {stopping.Elapsed.TotalSeconds:F1} s.");
}

return exitCode;

// One line when every resource is ready, for the startup-time figure and for anyone watching the console.
async Task ReportWhenReadyAsync(CancellationToken cancellationToken)
{
    while (!cancellationToken.IsCancellationRequested)
    {
        var resources = registry.Snapshot();
        if (resources.Any(resource => resource.State is nameof(ResourceState.Failed)))
        {
            log.WriteHost("AppHost: a resource failed; see the table above.");
            return;
        }

        if (resources.All(resource => resource.Health is nameof(HealthStatus.Healthy) or nameof(HealthStatus.Degraded)))
        {
            var degraded = resources.Where(resource => resource.Health == nameof(HealthStatus.Degraded)).Select(resource => resource.Name).ToList();
            log.WriteHost($"AppHost: all {resources.Count} resources ready in {started.Elapsed.TotalSeconds:F1} s"
                + (degraded.Count > 0 ? $" (degraded: {string.Join(", ", degraded)})" : "") + $". Dashboard: {dashboard!.Url}");
            return;
        }

        await Task.Delay(100, cancellationToken).ConfigureAwait(false);
    }
}
