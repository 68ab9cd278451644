using AppHost.Dashboard;
using AppHost.Orchestration;
using AppHost.Resources;
using AppHost.Topology;
using ServiceBusEmulator.Hosting;

namespace AppHost.Tests.Support;

/// <summary>
/// The dashboard's server on a free 127.0.0.1 port with a real Service Bus emulator in this process, configured from
/// topology.json the way the AppHost configures it (AMQP and management ports free), and stand-in producer replicas.
/// Blob and Cosmos are not running: their counts must say so.
/// </summary>
internal sealed class DashboardUnderTest : IAsyncDisposable
{
    private readonly string _configDirectory;
    private readonly HttpClient _countsHttp = new() { Timeout = TimeSpan.FromSeconds(3) };
    private readonly StorageCounts _storage;
    private ServiceBusEmulatorHost? _emulator;
    private DashboardServer? _server;

    private DashboardUnderTest(string configDirectory)
    {
        _configDirectory = configDirectory;
        _storage = new StorageCounts(() => null, () => null, "warehouse", "warehouse", "events");
    }

    public static TopologyDefinition Topology { get; } = TopologyDefinition.Load();

    public static string QueueName => Topology.ServiceBus.Queues[0].Name;

    public ResourceRegistry Registry { get; } = new();

    public List<StandInProducer> Producers { get; } = [];

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The emulator's connection string; null after <see cref="StopServiceBusAsync"/>.</summary>
    public string? ServiceBusConnectionString => _emulator?.ConnectionString;

    /// <param name="producerReplicas">Replica names the dashboard knows; each gets a stand-in unless listed in <paramref name="notRunning"/>.</param>
    public static async Task<DashboardUnderTest> StartAsync(string[] producerReplicas, params string[] notRunning)
    {
        var dashboard = new DashboardUnderTest(Directory.CreateTempSubdirectory("dashboard-test-").FullName);
        try
        {
            await dashboard.StartCoreAsync(producerReplicas, notRunning);
            return dashboard;
        }
        catch
        {
            await dashboard.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(string[] producerReplicas, string[] notRunning)
    {
        _emulator = await ServiceBusEmulatorHost.StartAsync(new EmulatorOptions
        {
            ConfigPath = ServiceBusEmulatorConfig.Write(Topology.ServiceBus, _configDirectory),
            Port = 0,
            ManagementPort = 0,
        });

        foreach (var name in producerReplicas)
        {
            var resource = Registry.Add(name, ResourceKind.Project, Orchestrator.ProducerService);
            if (notRunning.Contains(name))
            {
                continue;
            }

            var producer = await StandInProducer.StartAsync();
            Producers.Add(producer);
            Registry.Update(resource, r =>
            {
                r.State = ResourceState.Healthy;
                r.Health = HealthStatus.Healthy;
                r.Endpoints = new Dictionary<string, string> { ["http"] = producer.Url };
            });
        }

        var managementUrl = $"http://127.0.0.1:{_emulator.ManagementPort}/health";
        _server = await DashboardServer.StartAsync(
            port: 0,
            Registry,
            new ResourceLog(TextWriter.Null, useColor: false),
            _storage,
            new ServiceBusCounts(() => _emulator is null ? null : managementUrl, QueueName, _countsHttp),
            new ProducerReplicas(producerReplicas, Registry, _countsHttp),
            new DeadLetterQueue(() => ServiceBusConnectionString, QueueName),
            CancellationToken.None);
        Http = new HttpClient { BaseAddress = new Uri(_server.Url + "/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Stops the broker, as when the emulator crashed or has not started yet.</summary>
    public async Task StopServiceBusAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
            _emulator = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        foreach (var producer in Producers)
        {
            await producer.DisposeAsync();
        }

        await StopServiceBusAsync();
        _storage.Dispose();
        _countsHttp.Dispose();
        Directory.Delete(_configDirectory, recursive: true);
    }
}
