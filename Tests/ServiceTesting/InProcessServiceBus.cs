using ServiceBusEmulator.Hosting;

namespace ServiceTesting;

/// <summary>
/// Our Service Bus emulator in the test process on a free 127.0.0.1 port: a real broker over real sockets, with the
/// entities of the <c>Config.json</c> copied next to the test assembly. It can be stopped (every connection drops) and
/// started again on the same port, in memory or on <see cref="DataDirectory"/>.
/// </summary>
public sealed class InProcessServiceBus : IAsyncDisposable
{
    private ServiceBusEmulatorHost? _host;

    private InProcessServiceBus(string? dataDirectory) => DataDirectory = dataDirectory;

    /// <summary>Null keeps every message in memory (lost on a restart).</summary>
    public string? DataDirectory { get; }

    public int Port { get; private set; }

    /// <summary>Valid while stopped too: it names the port the emulator comes back on.</summary>
    public string ConnectionString => ServiceBusEmulatorHost.CreateConnectionString(Port);

    public static async Task<InProcessServiceBus> StartAsync(string? dataDirectory = null)
    {
        var emulator = new InProcessServiceBus(dataDirectory);
        await emulator.StartHostAsync(0);
        return emulator;
    }

    /// <summary>Stops the broker: its listener closes and every connection drops.</summary>
    public async Task StopAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }
    }

    /// <summary>Stops the broker, waits <paramref name="downtime"/>, and starts it again on the same port and data directory.</summary>
    public async Task RestartAsync(TimeSpan downtime = default)
    {
        await StopAsync();
        await Task.Delay(downtime);
        await StartHostAsync(Port);
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
