namespace EndToEnd.Tests.Fixtures;

/// <summary>
/// What an end-to-end scenario needs from a running topology, whichever host runs it (the embedded AppHost here,
/// Aspire's <c>DistributedApplicationTestingBuilder</c> in the Aspire flavor). Resource names are topology.json's:
/// <c>servicebus</c>, <c>blobs</c>, <c>cosmos</c>, <c>producer</c>, <c>consumer</c> replicas.
/// </summary>
public interface IDistributedAppFixture : IAsyncDisposable
{
    /// <summary>The service replicas' resource names (e.g. <c>consumer-1</c>, <c>consumer-2</c>).</summary>
    IReadOnlyList<string> ReplicasOf(string service);

    /// <summary>An HttpClient whose base address is the resource's HTTP endpoint.</summary>
    Task<HttpClient> CreateHttpClientAsync(string resource, CancellationToken cancellationToken = default);

    /// <summary>The connection string services referencing the resource receive; null if the resource offers none (yet).</summary>
    Task<string?> GetConnectionStringAsync(string resource, CancellationToken cancellationToken = default);

    /// <summary>Waits until the host reports the resource healthy; throws <see cref="TimeoutException"/> with its last state otherwise.</summary>
    Task WaitUntilHealthyAsync(string resource, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>The host's health verdict for the resource right now ("Healthy", "Degraded", "Unhealthy", ...) and why.</summary>
    Task<(string Health, string? Description)> GetHealthAsync(string resource, CancellationToken cancellationToken = default);

    /// <summary>Stops the whole topology.</summary>
    Task StopAsync();
}
