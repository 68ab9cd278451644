using ServiceBusEmulator.Hosting;

namespace ServiceBus.Tests.Support;

/// <summary>Our Service Bus emulator in this process on a free 127.0.0.1 port: a real broker over real sockets.</summary>
public sealed class InProcessEmulator : IAsyncDisposable
{
    private ServiceBusEmulatorHost? _host;

    private InProcessEmulator(string? dataDirectory) => DataDirectory = dataDirectory;

    public string? DataDirectory { get; }

    public int Port { get; private set; }

    public string ConnectionString => _host?.ConnectionString ?? throw new InvalidOperationException("The emulator is not running.");

    /// <summary>Queues: <c>orders</c> (5 s lock, 5 deliveries) and <c>long-lock</c> (1 min lock).</summary>
    public static async Task<InProcessEmulator> StartAsync(string? dataDirectory = null)
    {
        var emulator = new InProcessEmulator(dataDirectory);
        await emulator.StartHostAsync(0);
        return emulator;
    }

    /// <summary>Stops the broker (connections drop) and starts it again on the same port and data directory.</summary>
    public async Task RestartAsync(TimeSpan downtime)
    {
        await StopAsync();
        await Task.Delay(downtime);
        await StartHostAsync(Port);
    }

    public async Task StopAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }
    }

    private async Task StartHostAsync(int port)
    {
        _host = await ServiceBusEmulatorHost.StartAsync(new EmulatorOptions
        {
            ConfigPath = Path.Combine(AppContext.BaseDirectory, "Config.json"),
            Port = port,
            ManagementPort = -1,
            DataDirectory = DataDirectory,
        });
        Port = _host.AmqpPort ?? throw new InvalidOperationException("The emulator started without an AMQP endpoint.");
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
