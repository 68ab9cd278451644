using System.Diagnostics;
using System.Net;
using ServiceBusEmulator.Administration;
using ServiceBusEmulator.Amqp;
using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Security;
using ServiceBusEmulator.Telemetry;

namespace ServiceBusEmulator.Hosting;

/// <summary>
/// The emulator in a process: configuration, broker (recovering the data directory), health endpoint and the
/// plugged protocol endpoints. Used by the executable and in-process by tests.
/// </summary>
public sealed class ServiceBusEmulatorHost : IAsyncDisposable
{
    private readonly EmulatorOptions _options;
    private readonly List<(IProtocolEndpoint Endpoint, int Port)> _endpoints = [];
    private HealthEndpoint? _health;
    private bool _stopped;

    private ServiceBusEmulatorHost(EmulatorOptions options, MessageBroker broker, SasTokenValidator validator, AdministrationApi administration)
    {
        _options = options;
        Broker = broker;
        TokenValidator = validator;
        Administration = administration;
        Metrics = new EmulatorMetrics(broker);
    }

    public MessageBroker Broker { get; }

    public SasTokenValidator TokenValidator { get; }

    /// <summary>The queue and subscription gauges and counters; exported over OTLP by the executable when configured.</summary>
    public EmulatorMetrics Metrics { get; }

    /// <summary>The ATOM administration API, served on the AMQP port (where the SDKs send it) and the management port.</summary>
    public AdministrationApi Administration { get; }

    /// <summary>The bound AMQP port, or null when AMQP is disabled (<see cref="EmulatorOptions.ServeAmqp"/>).</summary>
    public int? AmqpPort => _endpoints.FirstOrDefault(e => e.Endpoint.Name == "amqp") is { Endpoint: not null } amqp ? amqp.Port : null;

    /// <summary>The bound management (health) port, or null when disabled.</summary>
    public int? ManagementPort => _health?.Port;

    /// <summary>How long StartAsync took, for the startup-time figure.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>
    /// The official emulator's connection string for the bound AMQP port; null while no AMQP endpoint runs, because
    /// a connection string to a port nobody listens on would only fail later and further from the cause.
    /// </summary>
    public string? ConnectionString => AmqpPort is { } port
        ? CreateConnectionString(port, _options.SharedAccessKeyName, _options.SharedAccessKey)
        : null;

    public static string CreateConnectionString(int port, string keyName = EmulatorOptions.DefaultKeyName, string key = EmulatorOptions.DefaultKey) =>
        $"Endpoint=sb://localhost:{port};SharedAccessKeyName={keyName};SharedAccessKey={key};UseDevelopmentEmulator=true";

    public static async Task<ServiceBusEmulatorHost> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var configuration = options.Configuration
            ?? (options.ConfigPath is not null ? ConfigurationReader.ReadFile(options.ConfigPath) : new EmulatorConfiguration());
        // Entities created through the administration API come back before the journal is read, so their messages do too.
        var startedAt = options.TimeProvider.GetUtcNow();
        var entities = AdministrationLog.Replay(configuration, options.DataDirectory, startedAt, options.Log);
        var broker = await MessageBroker.StartAsync(entities.Configuration, new BrokerOptions
        {
            TimeProvider = options.TimeProvider,
            DataDirectory = options.DataDirectory,
        }).ConfigureAwait(false);
        var validator = new SasTokenValidator(options.SharedAccessKeyName, options.SharedAccessKey, options.TimeProvider);
        var administration = new AdministrationApi(
            broker, validator, entities, options.DataDirectory is null ? null : AdministrationLog.Open(options.DataDirectory), startedAt);
        var host = new ServiceBusEmulatorHost(options, broker, validator, administration);
        try
        {
            IEnumerable<IProtocolEndpoint> endpoints = options.ServeAmqp && !options.ProtocolEndpoints.Any(e => e.Name == "amqp")
                ? [new AmqpProtocolEndpoint(), .. options.ProtocolEndpoints]
                : options.ProtocolEndpoints;
            foreach (var endpoint in endpoints)
            {
                var port = await endpoint.StartAsync(
                    new ProtocolEndpointContext(broker, validator, options.BindAddress, options.Port) { Administration = administration },
                    cancellationToken).ConfigureAwait(false);
                host._endpoints.Add((endpoint, port));
                options.Log?.WriteLine($"{endpoint.Name} listening on {options.BindAddress}:{port}");
            }

            if (options.ManagementPort >= 0)
            {
                host._health = HealthEndpoint.Start(options.BindAddress, options.ManagementPort, host.DescribeComponents, broker.CountMessages, administration);
                options.Log?.WriteLine($"health on http://{options.BindAddress}:{host._health.Port}/health");
            }
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        host.StartupTime = stopwatch.Elapsed;
        if (host.ConnectionString is { } connectionString)
        {
            options.Log?.WriteLine($"connection string: {connectionString}");
        }

        options.Log?.WriteLine(
            $"Service Bus emulator ready in {host.StartupTime.TotalMilliseconds:F0} ms: {entities.Configuration.Queues.Count} queue(s), {entities.Configuration.Topics.Count} topic(s)"
            + (options.DataDirectory is null ? ", in memory" : $", data in {options.DataDirectory} ({broker.RecoveredMessages} message(s) recovered)"));
        if (broker.DroppedOnRecovery > 0)
        {
            options.Log?.WriteLine($"warning: {broker.DroppedOnRecovery} recovered message(s) belong to entities no longer configured and were dropped");
        }

        return host;
    }

    private IReadOnlyDictionary<string, string> DescribeComponents()
    {
        var components = new Dictionary<string, string> { ["broker"] = "running" };
        foreach (var (endpoint, port) in _endpoints)
        {
            components[endpoint.Name] = $"listening on {_options.BindAddress}:{port}";
        }

        components.TryAdd("amqp", "disabled");
        components["persistence"] = _options.DataDirectory is null ? "in memory" : "data directory";
        return components;
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        foreach (var (endpoint, _) in _endpoints)
        {
            await endpoint.StopAsync(cancellationToken).ConfigureAwait(false);
            await endpoint.DisposeAsync().ConfigureAwait(false);
        }

        if (_health is not null)
        {
            await _health.DisposeAsync().ConfigureAwait(false);
        }

        await Broker.DisposeAsync().ConfigureAwait(false);
        Administration.Dispose();
        Metrics.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
