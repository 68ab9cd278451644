namespace AppHost.Resources;

/// <summary>
/// An immutable copy of a <see cref="Resource"/> for the dashboard's JSON and for tests. Connection strings are shown as
/// Aspire's dashboard shows them: the local emulators' keys are public, well-known values.
/// </summary>
public sealed record ResourceSnapshot(
    string Name,
    string Kind,
    string Type,
    string State,
    string Health,
    string? Description,
    int? ProcessId,
    IReadOnlyDictionary<string, string> Endpoints,
    string? ConnectionString);
