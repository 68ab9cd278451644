using System.Text.Json.Nodes;

namespace AppHost.Topology;

/// <summary>A queue; <see cref="Properties"/> keeps the official emulator's Config.json names and ISO 8601 durations.</summary>
internal sealed record QueueDefinition(string Name, JsonObject Properties);
