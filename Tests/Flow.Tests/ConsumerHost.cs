using Consumer.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Flow.Tests;

/// <summary>One consumer, composed exactly as Consumer's Program does (storage, then processing), hosted in this process.</summary>
public sealed class ConsumerHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ConsumerHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    /// <param name="replaceServices">Runs after the composition, to swap in one real part built differently (a later registration wins).</param>
    public static async Task<ConsumerHost> StartAsync(Dictionary<string, string?> settings, Action<IServiceCollection>? replaceServices = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddEventStorage();
        builder.AddEventProcessing();
        replaceServices?.Invoke(builder.Services);
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
