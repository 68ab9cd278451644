using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EndToEnd.Tests.Fixtures;

/// <summary>
/// The latest state of every replica of one Aspire resource, fed from its notifications. Replicas share the resource's
/// name, and Aspire's by-name answers do not cover them all: TryGetCurrentState finds nothing once there are two, and
/// WaitForResourceHealthyAsync returns at the first healthy one. Here a resource is healthy when each replica is.
/// </summary>
internal sealed class ReplicaHealth
{
    private readonly Dictionary<string, ResourceEvent> _latest = [];
    private int _replicas = 1;

    /// <summary>Keeps <paramref name="update"/>; true once every replica has reported at least once.</summary>
    public bool Record(ResourceEvent update)
    {
        _latest[update.ResourceId] = update;
        _replicas = update.Resource.GetReplicaCount();
        return AllReported;
    }

    public IReadOnlyDictionary<string, CustomResourceSnapshot> Snapshots => _latest.ToDictionary(entry => entry.Key, entry => entry.Value.Snapshot);

    public bool AllHealthy => AllReported && _latest.Values.All(replica => replica.Snapshot.HealthStatus == HealthStatus.Healthy);

    /// <summary>The worst replica's health ("Unknown" until each has reported one) and every replica's state.</summary>
    public (string Health, string? Description) Summary
    {
        get
        {
            if (_latest.Count == 0)
            {
                return ("Unknown", null);
            }

            var states = string.Join(", ", _latest.Values
                .OrderBy(replica => replica.ResourceId, StringComparer.Ordinal)
                .Select(replica => $"{replica.ResourceId}: {replica.Snapshot.State?.Text ?? "no state"}"));
            if (!AllReported)
            {
                return ("Unknown", $"{_latest.Count} of {_replicas} replicas reported ({states})");
            }

            var health = _latest.Values.Any(replica => replica.Snapshot.HealthStatus is null)
                ? "Unknown"
                : _latest.Values.Min(replica => replica.Snapshot.HealthStatus!.Value).ToString();
            return (health, states);
        }
    }

    private bool AllReported => _latest.Count >= _replicas;
}
