using System.Text.Json;

namespace Infra.Tests.Compiler;

/// <summary>Walks a compiled ARM template: its resources, and those of the module deployments nested in it.</summary>
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

    /// <summary>Every resource in <paramref name="template"/> and in every module deployment under it, with its template.</summary>
    public static IEnumerable<(JsonElement Resource, JsonElement Template)> AllResources(JsonElement template)
    {
        foreach (var resource in Resources(template))
        {
            yield return (resource, template);
            if (resource.GetProperty("type").GetString() == "Microsoft.Resources/deployments"
                && resource.TryGetProperty("properties", out var properties)
                && properties.TryGetProperty("template", out var nested))
            {
                foreach (var inner in AllResources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The nested template of a module deployment.</summary>
    public static JsonElement NestedTemplate(JsonElement deployment) =>
        deployment.GetProperty("properties").GetProperty("template");

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
