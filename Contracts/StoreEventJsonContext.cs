using System.Text.Json.Serialization;

namespace Contracts;

/// <summary>
/// Source-generated System.Text.Json metadata for the store event: snake_case names, no reflection at run time.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.Strict,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(StoreEvent))]
public sealed partial class StoreEventJsonContext : JsonSerializerContext;
