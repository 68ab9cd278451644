using System.Text;
using System.Text.Json;

namespace Infra.Tests.Compiler;

/// <summary>One diagnostic of the Bicep compiler or linter, read from its SARIF output.</summary>
public sealed record BicepDiagnostic(string File, int Line, int Column, string Level, string Code, string Message)
{
    public override string ToString() => $"{File}({Line},{Column}): {Level} {Code}: {Message}";

    /// <summary>
    /// Reads every SARIF log in <paramref name="text"/>: <c>bicep lint --pattern</c> writes one log per file, one
    /// after the other.
    /// </summary>
    public static IReadOnlyList<BicepDiagnostic> ParseSarifStream(string text)
    {
        var diagnostics = new List<BicepDiagnostic>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip });
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException($"unexpected {reader.TokenType} in the compiler's SARIF output:{Environment.NewLine}{text}");
            }

            using var log = JsonDocument.ParseValue(ref reader);
            foreach (var run in log.RootElement.GetProperty("runs").EnumerateArray())
            {
                foreach (var result in run.GetProperty("results").EnumerateArray())
                {
                    diagnostics.Add(FromResult(result));
                }
            }
        }

        return diagnostics;
    }

    private static BicepDiagnostic FromResult(JsonElement result)
    {
        var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        var region = location.GetProperty("region");
        return new BicepDiagnostic(
            File: location.GetProperty("artifactLocation").GetProperty("uri").GetString() ?? "",
            Line: region.GetProperty("startLine").GetInt32(),
            Column: region.TryGetProperty("startColumn", out var column) ? column.GetInt32() : 0,
            Level: result.TryGetProperty("level", out var level) ? level.GetString() ?? "" : "warning",
            Code: result.GetProperty("ruleId").GetString() ?? "",
            Message: result.GetProperty("message").GetProperty("text").GetString() ?? "");
    }
}
