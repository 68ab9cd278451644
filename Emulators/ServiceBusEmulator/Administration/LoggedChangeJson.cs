using System.Text.Json.Serialization;

namespace ServiceBusEmulator.Administration;

/// <summary>Source-generated JSON for <see cref="LoggedChange"/> (no reflection at start-up).</summary>
[JsonSerializable(typeof(LoggedChange))]
internal sealed partial class LoggedChangeJson : JsonSerializerContext;
