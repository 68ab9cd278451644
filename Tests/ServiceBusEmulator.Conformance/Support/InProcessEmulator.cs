using ServiceBusEmulator.Hosting;

namespace ServiceBusEmulator.Conformance.Support;

/// <summary>One in-memory emulator per test class, on a free 127.0.0.1 port, with the suite's Config.json.</summary>
public sealed class InProcessEmulator : IAsyncLifetime
{
    private ServiceBusEmulatorHost? _host;

    public string ConnectionString => _host?.ConnectionString ?? throw new InvalidOperationException("The emulator is not running.");

    public async Task InitializeAsync()
    {
        _host = await ServiceBusEmulatorHost.StartAsync(new EmulatorOptions
        {
            ConfigPath = Path.Combine(AppContext.BaseDirectory, "Config.json"),
            Port = 0,
            ManagementPort = -1,
        });
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
