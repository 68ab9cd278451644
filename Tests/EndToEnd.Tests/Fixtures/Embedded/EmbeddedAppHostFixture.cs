using System.Net.Http.Json;

namespace EndToEnd.Tests.Fixtures.Embedded;

/// <summary>
/// The whole topology under the embedded AppHost, started as <c>dotnet AppHost.dll --dashboard-port 0</c> (the same
/// program <c>dotnet run --project AppHost</c> runs), observed through its dashboard API.
/// </summary>
public sealed class EmbeddedAppHostFixture : IDistributedAppFixture, IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly HttpClient _api = new() { Timeout = TimeSpan.FromSeconds(10) };
    private AppHostProcess? _appHost;

    public AppHostProcess AppHost => _appHost ?? throw new InvalidOperationException("not started");

    public Uri DashboardUrl => _api.BaseAddress ?? throw new InvalidOperationException("not started");

    /// <summary>How long from starting the AppHost process until it printed that every resource is ready.</summary>
    public TimeSpan TimeToReady { get; private set; }

    public async Task InitializeAsync()
    {
        var started = DateTime.UtcNow;
        _appHost = AppHostProcess.Start(["--dashboard-port", "0"]);
        var dashboard = await _appHost.WaitForLineAsync(line => line.StartsWith("Dashboard: ", StringComparison.Ordinal), StartTimeout);
        _api.BaseAddress = new Uri(dashboard["Dashboard: ".Length..].Trim());
        await _appHost.WaitForLineAsync(line => line.StartsWith("AppHost: all ", StringComparison.Ordinal), StartTimeout);
        TimeToReady = DateTime.UtcNow - started;
    }

    public IReadOnlyList<string> ReplicasOf(string service) => service switch
    {
        "consumer" => ["consumer-1", "consumer-2"],
        _ => [service],
    };

    public async Task<IReadOnlyList<ResourceView>> GetResourcesAsync(CancellationToken cancellationToken = default) =>
        await _api.GetFromJsonAsync<List<ResourceView>>("/api/resources", cancellationToken) ?? [];

    public async Task<ResourceView> GetResourceAsync(string resource, CancellationToken cancellationToken = default) =>
        (await GetResourcesAsync(cancellationToken)).SingleOrDefault(view => view.Name == resource)
        ?? throw new ArgumentException($"the AppHost has no resource '{resource}'", nameof(resource));

    public async Task<HttpClient> CreateHttpClientAsync(string resource, CancellationToken cancellationToken = default)
    {
        var view = await GetResourceAsync(resource, cancellationToken);
        return view.Endpoints.TryGetValue("http", out var url)
            ? new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) }
            : throw new InvalidOperationException($"{resource} has no http endpoint");
    }

    public async Task<string?> GetConnectionStringAsync(string resource, CancellationToken cancellationToken = default) =>
        (await GetResourceAsync(resource, cancellationToken)).ConnectionString;

    public async Task<(string Health, string? Description)> GetHealthAsync(string resource, CancellationToken cancellationToken = default)
    {
        var view = await GetResourceAsync(resource, cancellationToken);
        return (view.Health, view.Description);
    }

    public async Task WaitUntilHealthyAsync(string resource, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        ResourceView view;
        do
        {
            view = await GetResourceAsync(resource, cancellationToken);
            if (view.Health == "Healthy")
            {
                return;
            }

            await Task.Delay(200, cancellationToken);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"{resource} is {view.State}/{view.Health} ({view.Description}) after {timeout.TotalSeconds:0} s");
    }

    public async Task StopAsync()
    {
        if (_appHost is { } appHost)
        {
            appHost.Signal(15);
            await appHost.Exited.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public async Task DisposeAsync()
    {
        if (_appHost is not null)
        {
            await _appHost.DisposeAsync();
        }

        _api.Dispose();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
