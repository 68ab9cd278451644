namespace AppHost.Resources;

/// <summary>
/// One running part of the application as the table and the dashboard show it. Mutated only through
/// <see cref="ResourceRegistry"/>, which tells its listeners about every change.
/// </summary>
public sealed class Resource(string name, ResourceKind kind, string type)
{
    public string Name { get; } = name;

    public ResourceKind Kind { get; } = kind;

    /// <summary>What it is, for people: "Service Bus emulator", "Producer", ...</summary>
    public string Type { get; } = type;

    public ResourceState State { get; internal set; } = ResourceState.Waiting;

    public HealthStatus Health { get; internal set; } = HealthStatus.Unknown;

    /// <summary>Why the state or health is what it is (a health report's detail, an exit code, an error).</summary>
    public string? Description { get; internal set; }

    public int? ProcessId { get; internal set; }

    /// <summary>Named URLs: "http", "health", "amqp", "blob", ...</summary>
    public IReadOnlyDictionary<string, string> Endpoints { get; internal set; } = new Dictionary<string, string>();

    /// <summary>The connection string a service referencing this resource receives; null when it has none (yet).</summary>
    public string? ConnectionString { get; internal set; }

    public bool IsReady => Health is HealthStatus.Healthy or HealthStatus.Degraded
        && State is ResourceState.Running or ResourceState.Healthy;

    public ResourceSnapshot Snapshot() => new(Name, Kind.ToString(), Type, State.ToString(), Health.ToString(), Description, ProcessId, new Dictionary<string, string>(Endpoints), ConnectionString);
}
