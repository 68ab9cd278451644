namespace AppHostProcess.Tests;

/// <summary>The latest snapshot the AppHost published for one resource instance (a replica has an instance of its own).</summary>
public sealed record ResourceInstance(
    int Version,
    string Name,
    string Id,
    string Type,
    string State,
    bool IsHidden,
    string Health,
    IReadOnlyDictionary<string, string> Urls)
{
    public bool IsRunningAndHealthy => State == "Running" && Health == "Healthy";

    public override string ToString() => $"{Id} ({Type}): {(State.Length == 0 ? "-" : State)}, {Health}";
}
