using Consumer.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Flow.Tests;

/// <summary>One consumer, composed exactly as Consumer's Program does (storage, then processing), hosted in this process.</summary>
public sealed class ConsumerHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ConsumerHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<ConsumerHost> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddEventStorage();
        builder.AddEventProcessing();
        var host = builder.Build();
        await host.StartAsync();
        return new ConsumerHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
