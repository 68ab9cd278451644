using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Hosting;

namespace Benchmarks.ServiceBus;

/// <summary>
/// What every Service Bus client load shares: its options, and our emulator in this process on 127.0.0.1 with one
/// queue, in memory or durable (a journal in a temporary folder, deleted afterwards).
/// </summary>
public sealed class LoadEmulator : IAsyncDisposable
{
    public const string Queue = "store-events";

    private readonly ServiceBusEmulatorHost _host;
    private readonly string? _dataDirectory;

    private LoadEmulator(ServiceBusEmulatorHost host, string? dataDirectory)
    {
        _host = host;
        _dataDirectory = dataDirectory;
    }

    public string ConnectionString => _host.ConnectionString!;

    public static async Task<LoadEmulator> StartAsync(bool durable)
    {
        var dataDirectory = durable ? Path.Combine(Path.GetTempPath(), "sbclient-load-" + Guid.NewGuid().ToString("N")) : null;
        var host = await ServiceBusEmulatorHost.StartAsync(new EmulatorOptions
        {
            Configuration = new EmulatorConfiguration
            {
                Queues =
                [
                    new QueueDefinition(Queue)
                    {
                        Properties = new EntityProperties { LockDuration = TimeSpan.FromMinutes(1), MaxDeliveryCount = 10, DefaultMessageTimeToLive = TimeSpan.FromDays(1) },
                    },
                ],
            },
            Port = 0,
            ManagementPort = -1,
            DataDirectory = dataDirectory,
        });
        return new LoadEmulator(host, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        if (_dataDirectory is not null && Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
