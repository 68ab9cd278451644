using Microsoft.Extensions.Hosting;

namespace Consumer.Storage;

/// <summary>Creates the archive container and the store's database and container at start-up, where configured to.</summary>
internal sealed class StorageInitializer(EventArchive archive, EventStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await archive.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
