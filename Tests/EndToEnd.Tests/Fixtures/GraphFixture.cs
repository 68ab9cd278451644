using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EndToEnd.Tests.Fixtures;

/// <summary>
/// The AppHost's graph under <c>DistributedApplicationTestingBuilder</c>: the AppHost's own Program declares it, DCP runs
/// it (no dashboard), and initialisation returns once every resource — each consumer replica included — is healthy.
/// </summary>
public sealed class GraphFixture : IAsyncLifetime
{
    public static readonly string[] Resources = ["servicebus", "blobs", "cosmos", "producer", "consumer"];

    private static readonly TimeSpan HealthyWithin = TimeSpan.FromMinutes(3);

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("the graph has not started");

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>();
        _app = await builder.BuildAsync();
        using var deadline = new CancellationTokenSource(HealthyWithin);
        await _app.StartAsync(deadline.Token);
        foreach (var resource in Resources)
        {
            await WaitUntilHealthyAsync(resource, deadline.Token);
        }
    }

    /// <summary>Waits until every replica of <paramref name="resource"/> reports healthy; the timeout names each replica's state.</summary>
    public async Task WaitUntilHealthyAsync(string resource, CancellationToken cancellationToken)
    {
        var replicas = new ReplicaHealth();
        try
        {
            // Aspire's own wait fails fast when the resource cannot start and waits for its ready event, but is
            // satisfied by the first healthy replica; the second wait covers the others.
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken);
            await App.ResourceNotifications.WaitForResourceAsync(resource, update => replicas.Record(update) && replicas.AllHealthy, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            var (health, description) = replicas.Summary;
            throw new TimeoutException($"{resource} is {health} ({description})");
        }
    }

    /// <summary>The latest snapshot of each replica of <paramref name="resource"/>, by resource id.</summary>
    public async Task<IReadOnlyDictionary<string, CustomResourceSnapshot>> ReplicasAsync(string resource, CancellationToken cancellationToken = default)
    {
        var replicas = new ReplicaHealth();
        await App.ResourceNotifications.WaitForResourceAsync(resource, replicas.Record, cancellationToken);
        return replicas.Snapshots;
    }

    public Task<ExecuteCommandResult> ExecuteCommandAsync(string resource, string command, CancellationToken cancellationToken = default) =>
        App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, command, cancellationToken);

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
