using Azure.Messaging.ServiceBus;
using ServiceBusEmulator.Hosting;

namespace ServiceBusEmulator.DotNetConformance.Support;

/// <summary>
/// Our Service Bus emulator in the test process, on 127.0.0.1 and a free port, with the entities of this project's
/// <c>Config.json</c>. One per test class (<c>IClassFixture</c>): it starts in milliseconds, and a class of its own keeps
/// one feature area's leftovers away from another's. Tests reach it only through the official SDK and
/// <see cref="ConnectionString"/>, the official emulator's connection-string form.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private ServiceBusEmulatorHost? _host;

    public ServiceBusEmulatorHost Host => _host ?? throw new InvalidOperationException("The emulator has not started.");

    public int Port => Host.AmqpPort ?? throw new InvalidOperationException("The emulator serves no AMQP.");

    public string ConnectionString =>
        $"Endpoint=sb://127.0.0.1:{Port};SharedAccessKeyName={EmulatorOptions.DefaultKeyName};SharedAccessKey={EmulatorOptions.DefaultKey};UseDevelopmentEmulator=true;";

    /// <summary>A client with short retries, so a defect fails a test in seconds instead of the SDK's default minute.</summary>
    public ServiceBusClient CreateClient(ServiceBusClientOptions? options = null)
    {
        options ??= new ServiceBusClientOptions();
        options.RetryOptions = new ServiceBusRetryOptions { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(100), TryTimeout = TimeSpan.FromSeconds(15) };
        return new ServiceBusClient(ConnectionString, options);
    }

    public async Task InitializeAsync() => _host = await ServiceBusEmulatorHost.StartAsync(new EmulatorOptions
    {
        ConfigPath = Path.Combine(AppContext.BaseDirectory, "Config.json"),
        Port = 0,
        ManagementPort = -1,
    });

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
