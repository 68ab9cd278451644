using System.Net.Sockets;
using AppHost.Resources;
using AppHost.Topology;
using NodeEmulators;

namespace AppHost.Orchestration;

/// <summary>
/// Runs the topology: the three emulators in parallel, then each service replica once every resource it references
/// is ready (healthy, or degraded but answering), with the configuration Aspire would inject. Keeps every resource's
/// state and health current in the <see cref="ResourceRegistry"/> until <see cref="StopAsync"/> stops the services
/// (SIGTERM, then kill) and then the emulators.
/// </summary>
internal sealed class Orchestrator(TopologyDefinition topology, BuildLayout layout, ResourceRegistry registry, ResourceLog log) : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _running = new();
    private readonly List<(Resource Resource, ChildProcess Process)> _services = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(3) };
    private readonly List<Task> _background = [];
    private ServiceBusEmulatorProcess? _serviceBus;
    private AzuriteEmulator? _azurite;
    private CosmosEmulator? _cosmos;
    private bool _stopping;
    private volatile bool _stopRequested;

    public const string ServiceBusResource = "servicebus";
    public const string BlobsResource = "blobs";
    public const string CosmosResource = "cosmos";

    /// <summary>The service whose HTTP API the dashboard calls (produce form, sent count).</summary>
    public const string ProducerService = "producer";

    public AzuriteEmulator? Azurite => _azurite;

    public CosmosEmulator? Cosmos => _cosmos;

    /// <summary>Adds every resource to the registry as Waiting, so the first table already shows the whole graph.</summary>
    public void Declare()
    {
        registry.Add(ServiceBusResource, ResourceKind.Emulator, "Service Bus emulator");
        registry.Add(BlobsResource, ResourceKind.Emulator, "Azurite (Blob)");
        registry.Add(CosmosResource, ResourceKind.Emulator, "Cosmos DB emulator");
        foreach (var service in topology.Services)
        {
            foreach (var replica in ReplicaNames(service))
            {
                registry.Add(replica, ResourceKind.Project, service.Name);
            }
        }
    }

    /// <summary>
    /// Starts the emulators and returns once they run; the services start in the background as their references
    /// become ready.
    /// </summary>
    /// <exception cref="AppHostStartException">An emulator could not start (Node.js missing, a build output missing, ...).</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _running.Token);
        await Task.WhenAll(StartServiceBusAsync(linked.Token), StartAzuriteAsync(linked.Token), StartCosmosAsync(linked.Token)).ConfigureAwait(false);
        _background.Add(Task.Run(() => MonitorAsync(_running.Token)));
        foreach (var service in topology.Services)
        {
            foreach (var replica in ReplicaNames(service))
            {
                _background.Add(Task.Run(() => StartServiceAsync(service, replica, _running.Token)));
            }
        }
    }

    private async Task StartServiceBusAsync(CancellationToken cancellationToken)
    {
        var resource = registry.Find(ServiceBusResource)!;
        registry.Update(resource, r => r.State = ResourceState.Starting);
        try
        {
            _serviceBus = await ServiceBusEmulatorProcess.StartAsync(layout, topology.ServiceBus, line => log.Write(ServiceBusResource, line), cancellationToken).ConfigureAwait(false);
        }
        catch (AppHostStartException exception)
        {
            registry.Update(resource, r => { r.State = ResourceState.Failed; r.Description = exception.Message; });
            throw;
        }

        var emulator = _serviceBus;
        registry.Update(resource, r =>
        {
            r.State = ResourceState.Running;
            r.ProcessId = emulator.ProcessId;
            r.Endpoints = new Dictionary<string, string> { ["health"] = emulator.HealthUrl };
        });
        _ = WatchExitAsync(resource, emulator.Exited);
        await CheckServiceBusAsync(resource, cancellationToken).ConfigureAwait(false);
    }

    private async Task StartAzuriteAsync(CancellationToken cancellationToken)
    {
        var resource = registry.Find(BlobsResource)!;
        registry.Update(resource, r => r.State = ResourceState.Starting);
        _azurite = await StartNodeEmulatorAsync(resource, options => AzuriteEmulator.StartAsync(options, cancellationToken)).ConfigureAwait(false);
        var azurite = _azurite;
        registry.Update(resource, r =>
        {
            r.State = ResourceState.Healthy;
            r.Health = HealthStatus.Healthy;
            r.ProcessId = azurite.ProcessId;
            r.ConnectionString = azurite.ConnectionString;
            r.Endpoints = new Dictionary<string, string> { ["blob"] = azurite.BlobEndpoint.ToString() };
        });
    }

    private async Task StartCosmosAsync(CancellationToken cancellationToken)
    {
        var resource = registry.Find(CosmosResource)!;
        registry.Update(resource, r => r.State = ResourceState.Starting);
        _cosmos = await StartNodeEmulatorAsync(resource, options => CosmosEmulator.StartAsync(options, cancellationToken)).ConfigureAwait(false);
        var cosmos = _cosmos;
        registry.Update(resource, r =>
        {
            r.State = ResourceState.Healthy;
            r.Health = HealthStatus.Healthy;
            r.ProcessId = cosmos.ProcessId;
            r.ConnectionString = cosmos.ConnectionString;
            r.Endpoints = new Dictionary<string, string> { ["https"] = cosmos.Endpoint.ToString() };
        });
    }

    private async Task<T> StartNodeEmulatorAsync<T>(Resource resource, Func<NodeEmulatorOptions, Task<T>> start)
    {
        try
        {
            return await start(new NodeEmulatorOptions { OutputLine = line => log.Write(resource.Name, line) }).ConfigureAwait(false);
        }
        catch (NodeEmulatorException exception)
        {
            // The launcher's message is already the one line a user needs (Node.js missing, port busy, ...).
            var firstLine = exception.Message.Split('\n')[0].Trim();
            registry.Update(resource, r => { r.State = ResourceState.Failed; r.Description = firstLine; });
            throw new AppHostStartException($"{resource.Name}: {firstLine}", exception);
        }
    }

    private async Task StartServiceAsync(ServiceDefinition service, string replica, CancellationToken cancellationToken)
    {
        var resource = registry.Find(replica)!;
        try
        {
            var references = service.References.Select(name => registry.Find(name)
                ?? throw new AppHostStartException($"{service.Name} references '{name}', which topology.json does not define")).ToList();
            registry.Update(resource, r => r.Description = $"waiting for {string.Join(", ", references.Select(reference => reference.Name))}");
            while (!references.All(reference => reference.IsReady))
            {
                if (references.FirstOrDefault(reference => reference.State is ResourceState.Failed or ResourceState.Exited) is { } broken)
                {
                    registry.Update(resource, r => { r.State = ResourceState.Failed; r.Description = $"not started: {broken.Name} is {broken.State}"; });
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            }

            var port = FreePort.Next();
            var url = $"http://127.0.0.1:{port}";
            var environment = ServiceEnvironment.For(service, replica, references, url);
            foreach (var missing in references.Where(reference => reference.ConnectionString is null))
            {
                log.Write(replica, $"(apphost) {missing.Name} has no connection string yet ({missing.Description}); ConnectionStrings__{missing.Name} is not set");
            }

            registry.Update(resource, r => { r.State = ResourceState.Starting; r.Description = null; });
            ChildProcess child;
            lock (_services)
            {
                if (_stopping)
                {
                    return;
                }

                child = ChildProcess.Start(layout.AssemblyOf(service.Project), [], environment, layout.DirectoryOf(service.Project), line => log.Write(replica, line));
                _services.Add((resource, child));
            }

            registry.Update(resource, r =>
            {
                r.State = ResourceState.Running;
                r.ProcessId = child.ProcessId;
                r.Endpoints = new Dictionary<string, string> { ["http"] = url, ["health"] = url + "/health" };
            });
            _ = WatchExitAsync(resource, child.Exited);
        }
        catch (OperationCanceledException)
        {
            // Stopping before this replica started.
        }
        catch (Exception exception) when (exception is InvalidOperationException or AppHostStartException)
        {
            registry.Update(resource, r => { r.State = ResourceState.Failed; r.Description = exception.Message; });
        }
    }

    private async Task WatchExitAsync(Resource resource, Task<int> exited)
    {
        var code = await exited.ConfigureAwait(false);
        var recent = log.Recent(resource.Name);
        registry.Update(resource, r =>
        {
            r.Health = HealthStatus.Unknown;
            if (_stopping || _stopRequested)
            {
                r.State = ResourceState.Exited;
                r.Description = $"stopped (exit code {code})";
            }
            else
            {
                r.State = ResourceState.Failed;
                r.Description = $"exited with code {code}" + (recent.Count > 0 ? $": {recent[^1]}" : "");
            }
        });
    }

    /// <summary>Checks every running resource's health: every second while something is not healthy, else every five.</summary>
    private async Task MonitorAsync(CancellationToken cancellationToken)
    {
        var probe = new HealthProbe(_http);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await CheckServiceBusAsync(registry.Find(ServiceBusResource)!, cancellationToken).ConfigureAwait(false);
                await CheckListeningAsync(registry.Find(BlobsResource)!, _azurite?.Port, cancellationToken).ConfigureAwait(false);
                await CheckListeningAsync(registry.Find(CosmosResource)!, _cosmos?.Port, cancellationToken).ConfigureAwait(false);
                List<(Resource Resource, ChildProcess Process)> services;
                lock (_services)
                {
                    services = [.. _services];
                }

                foreach (var (resource, _) in services)
                {
                    if (resource.State is ResourceState.Running or ResourceState.Healthy && resource.Endpoints.TryGetValue("health", out var url))
                    {
                        var (status, description) = await probe.CheckServiceAsync(url, cancellationToken).ConfigureAwait(false);
                        SetHealth(resource, status, description);
                    }
                }

                var settled = registry.Snapshot().All(snapshot =>
                    snapshot.Health is nameof(HealthStatus.Healthy) or nameof(HealthStatus.Degraded) || snapshot.State is nameof(ResourceState.Failed));
                await Task.Delay(settled ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task CheckServiceBusAsync(Resource resource, CancellationToken cancellationToken)
    {
        if (_serviceBus is not { } emulator || resource.State is not (ResourceState.Running or ResourceState.Healthy))
        {
            return;
        }

        var (status, description, amqpPort) = await new HealthProbe(_http).CheckServiceBusEmulatorAsync(emulator.HealthUrl, cancellationToken).ConfigureAwait(false);
        registry.Update(resource, r =>
        {
            r.ConnectionString = amqpPort is { } port ? ServiceBusConnectionString.ForEmulator(port) : null;
            var endpoints = new Dictionary<string, string> { ["health"] = emulator.HealthUrl };
            if (amqpPort is { } bound)
            {
                endpoints["amqp"] = $"amqp://127.0.0.1:{bound}";
            }

            r.Endpoints = endpoints;
        });
        SetHealth(resource, status, description);
    }

    private async Task CheckListeningAsync(Resource resource, int? port, CancellationToken cancellationToken)
    {
        if (port is not { } listening || resource.State is not (ResourceState.Running or ResourceState.Healthy))
        {
            return;
        }

        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", listening, cancellationToken).ConfigureAwait(false);
            SetHealth(resource, HealthStatus.Healthy, null);
        }
        catch (SocketException exception)
        {
            SetHealth(resource, HealthStatus.Unhealthy, $"port {listening} not accepting connections ({exception.SocketErrorCode})");
        }
    }

    private void SetHealth(Resource resource, HealthStatus status, string? description)
    {
        if (resource.Health == status && resource.Description == description)
        {
            return;
        }

        registry.Update(resource, r =>
        {
            if (r.State is not (ResourceState.Running or ResourceState.Healthy))
            {
                return;
            }

            r.Health = status;
            r.Description = description;
            r.State = status == HealthStatus.Healthy ? ResourceState.Healthy : ResourceState.Running;
        });
    }

    /// <summary>
    /// Called from the signal handler, before anything else: Ctrl+C in a terminal reaches the children too, and a child
    /// that exits because of it has been stopped, not crashed.
    /// </summary>
    public void NoteStopRequested() => _stopRequested = true;

    /// <summary>Stops the services (SIGTERM, then kill after the grace period), then the emulators. Safe to call twice.</summary>
    public async Task StopAsync()
    {
        List<(Resource Resource, ChildProcess Process)> services;
        lock (_services)
        {
            if (_stopping)
            {
                services = [];
            }
            else
            {
                _stopping = true;
                services = [.. _services];
            }
        }

        await _running.CancelAsync().ConfigureAwait(false);
        foreach (var (resource, _) in services)
        {
            registry.Update(resource, r => { if (r.State is not (ResourceState.Failed or ResourceState.Exited)) { r.State = ResourceState.Stopping; } });
        }

        await Task.WhenAll(services.Select(service => service.Process.StopAsync(StopGrace))).ConfigureAwait(false);
        await Task.WhenAll(StopEmulatorAsync(ServiceBusResource, _serviceBus), StopEmulatorAsync(BlobsResource, _azurite), StopEmulatorAsync(CosmosResource, _cosmos)).ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_background).WaitAsync(StopGrace).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException)
        {
            // The background loops were cancelled; nothing they hold outlives the processes stopped above.
        }
    }

    private async Task StopEmulatorAsync(string name, IAsyncDisposable? emulator)
    {
        if (emulator is null)
        {
            return;
        }

        var resource = registry.Find(name)!;
        registry.Update(resource, r => r.State = ResourceState.Stopping);
        await emulator.DisposeAsync().ConfigureAwait(false);
        registry.Update(resource, r => { r.State = ResourceState.Exited; r.Health = HealthStatus.Unknown; r.Description = "stopped"; });
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _http.Dispose();
        _running.Dispose();
    }

    /// <summary><c>producer</c> for a single replica; <c>consumer-1</c>, <c>consumer-2</c>, ... for several.</summary>
    public static IEnumerable<string> ReplicaNames(ServiceDefinition service) =>
        service.Replicas == 1 ? [service.Name] : Enumerable.Range(1, service.Replicas).Select(index => $"{service.Name}-{index}");
}
