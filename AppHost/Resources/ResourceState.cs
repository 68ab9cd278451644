namespace AppHost.Resources;

/// <summary>Where a resource is in its life. <see cref="Healthy"/> only when its health check says so.</summary>
public enum ResourceState
{
    /// <summary>Waiting for the resources it depends on.</summary>
    Waiting,
    Starting,
    /// <summary>The process runs; its health is not (or not fully) good — see the health description.</summary>
    Running,
    Healthy,
    Stopping,
    /// <summary>Ended: stopped by the AppHost, or exited on its own with the exit code shown.</summary>
    Exited,
    /// <summary>Could not start, or crashed; the description says why.</summary>
    Failed,
}
