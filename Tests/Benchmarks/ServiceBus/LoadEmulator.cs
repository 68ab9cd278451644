using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Hosting;

namespace Benchmarks.ServiceBus;

/// <summary>Our emulator in this process on a free 127.0.0.1 port with the load queue, in memory or on a temporary journal it deletes.</summary>
public sealed class LoadEmulator : IAsyncDisposable
{
    private readonly string? _dataDirectory;

    private LoadEmulator(ServiceBusEmulatorHost host, string? dataDirectory)
    {
        Host = host;
        _dataDirectory = dataDirectory;
    }

    public ServiceBusEmulatorHost Host { get; }

    public static async Task<LoadEmulator> StartAsync(bool durable)
    {
        var dataDirectory = durable ? Directory.CreateTempSubdirectory("sb-load-").FullName : null;
        var host = await ServiceBusEmulatorHost.StartAsync(new EmulatorOptions
        {
            Configuration = new EmulatorConfiguration
            {
                Queues =
                [
                    new QueueDefinition(SdkLoad.Queue)
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
        await Host.DisposeAsync();
        if (_dataDirectory is not null && Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
