using System.Text.Json;

namespace Infra.Tests.Compiler;

/// <summary>Reads a compiled ARM template's JSON: its resources, and the value at a path.</summary>
public static class ArmTemplate
{
    /// <summary>The resources declared directly in <paramref name="template"/> (an array, or an object keyed by symbolic name).</summary>
    public static IEnumerable<JsonElement> Resources(JsonElement template)
    {
        if (!template.TryGetProperty("resources", out var resources))
        {
            return [];
        }

        return resources.ValueKind == JsonValueKind.Array
            ? resources.EnumerateArray().ToList()
            : resources.EnumerateObject().Select(p => p.Value).ToList();
    }

    /// <summary>The value at a dotted path, or null where any step is missing.</summary>
    public static JsonElement? At(JsonElement element, string dottedPath)
    {
        foreach (var step in dottedPath.Split('.'))
        {
            if (element.ValueKind == JsonValueKind.Array && int.TryParse(step, out var index) && index < element.GetArrayLength())
            {
                element = element[index];
            }
            else if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(step, out var next))
            {
                element = next;
            }
            else
            {
                return null;
            }
        }

        return element;
    }
}
