namespace EndToEnd.Tests.Fixtures.Embedded;

/// <summary>One resource as the AppHost's <c>/api/resources</c> reports it.</summary>
public sealed record ResourceView(
    string Name,
    string Kind,
    string Type,
    string State,
    string Health,
    string? Description,
    int? ProcessId,
    Dictionary<string, string> Endpoints,
    string? ConnectionString);
