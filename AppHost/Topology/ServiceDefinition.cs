namespace AppHost.Topology;

/// <summary>A service project, how many replicas run, which resources it reads a connection string for, its settings.</summary>
internal sealed record ServiceDefinition(
    string Name,
    string Project,
    int Replicas,
    IReadOnlyList<string> References,
    IReadOnlyDictionary<string, string> Environment);
