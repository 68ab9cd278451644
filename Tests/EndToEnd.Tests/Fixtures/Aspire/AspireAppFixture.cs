using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace EndToEnd.Tests.Fixtures.Aspire;

/// <summary>
/// The same topology under Aspire's <c>DistributedApplicationTestingBuilder</c> (Aspire flavor only: needs the Aspire
/// packages and a container runtime). Replicas of a service share one resource name behind Aspire's proxy.
/// </summary>
public sealed class AspireAppFixture : IDistributedAppFixture, IAsyncLifetime
{
    private DistributedApplication? _app;

    private DistributedApplication App => _app ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync(typeof(Program));
        _app = await builder.BuildAsync();
        await _app.StartAsync();
    }

    public IReadOnlyList<string> ReplicasOf(string service) => [service];

    public Task<HttpClient> CreateHttpClientAsync(string resource, CancellationToken cancellationToken = default) =>
        Task.FromResult(App.CreateHttpClient(resource));

    public async Task<string?> GetConnectionStringAsync(string resource, CancellationToken cancellationToken = default) =>
        await App.GetConnectionStringAsync(resource, cancellationToken);

    public async Task WaitUntilHealthyAsync(string resource, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var replicas = new ReplicaHealth();
        try
        {
            // Aspire's own wait also fails fast when the resource cannot start, and waits for its ready event; it is
            // satisfied by the first healthy replica, so the second wait covers the others.
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, deadline.Token);
            await App.ResourceNotifications.WaitForResourceAsync(resource, update => replicas.Record(update) && replicas.AllHealthy, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var (health, description) = await GetHealthAsync(resource, cancellationToken);
            throw new TimeoutException($"{resource} is {health} ({description}) after {timeout.TotalSeconds:0} s");
        }
    }

    public async Task<(string Health, string? Description)> GetHealthAsync(string resource, CancellationToken cancellationToken = default)
    {
        // Watching replays each replica's current state first, so this returns at once unless a replica has not
        // reported anything yet; then the summary says how many have.
        using var brief = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        brief.CancelAfter(TimeSpan.FromSeconds(5));
        var replicas = new ReplicaHealth();
        try
        {
            await App.ResourceNotifications.WaitForResourceAsync(resource, replicas.Record, brief.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A replica has not reported yet: the summary says "Unknown" and how many replicas did report.
        }

        return replicas.Summary;
    }

    public Task StopAsync() => App.StopAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
