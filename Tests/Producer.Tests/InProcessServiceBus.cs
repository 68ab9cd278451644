using ServiceBusEmulator.Hosting;

namespace Producer.Tests;

/// <summary>Our Service Bus emulator in this process on a free 127.0.0.1 port (queue <c>store-events</c>, from Config.json).</summary>
public sealed class InProcessServiceBus : IAsyncDisposable
{
    private ServiceBusEmulatorHost? _host;

    private InProcessServiceBus()
    {
    }

    public int Port { get; private set; }

    /// <summary>Valid while stopped too: it names the port the emulator comes back on.</summary>
    public string ConnectionString => ServiceBusEmulatorHost.CreateConnectionString(Port);

    public static async Task<InProcessServiceBus> StartAsync()
    {
        var emulator = new InProcessServiceBus();
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

    /// <summary>Starts the broker again on the same port.</summary>
    public Task RestartAsync() => StartHostAsync(Port);

    private async Task StartHostAsync(int port)
    {
        _host = await ServiceBusEmulatorHost.StartAsync(new EmulatorOptions
        {
            ConfigPath = Path.Combine(AppContext.BaseDirectory, "Config.json"),
            Port = port,
            ManagementPort = -1,
        });
        Port = _host.AmqpPort ?? throw new InvalidOperationException("The emulator started without an AMQP endpoint.");
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
