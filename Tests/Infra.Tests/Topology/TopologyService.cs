namespace Infra.Tests.Topology;

/// <param name="ConnectionNames">The resources it references; each becomes <c>ConnectionStrings__&lt;name&gt;</c>.</param>
/// <param name="Environment">Plain settings with their local values.</param>
public sealed record TopologyService(string Name, IReadOnlyList<string> ConnectionNames, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Every environment variable name the service reads, the same locally and in Azure.</summary>
    public IEnumerable<string> EnvironmentVariableNames =>
        ConnectionNames.Select(n => $"ConnectionStrings__{n}").Concat(Environment.Keys);
}
