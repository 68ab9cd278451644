using System.Text.Json;

namespace Infra.Tests.Topology;

/// <param name="Properties">In the official emulator's Config.json vocabulary (LockDuration, MaxDeliveryCount, ...).</param>
public sealed record TopologyQueue(string Name, IReadOnlyDictionary<string, JsonElement> Properties);
