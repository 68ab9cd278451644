using System.Text.Json;

namespace Infra.Tests.Compiler;

/// <summary>One resource of the compiled template, read in the deployment that declares it.</summary>
public sealed record CompiledResource(JsonElement Json, ArmDeployment Deployment)
{
    public string Type => Json.GetProperty("type").GetString()!;

    /// <summary>A reference to a resource declared elsewhere (<c>existing</c> in Bicep), which deploys nothing.</summary>
    public bool IsExisting => Json.TryGetProperty("existing", out var existing) && existing.ValueKind == JsonValueKind.True;

    /// <summary>The full name (<c>namespace/queue</c> for a child), or null when it is only known at deployment.</summary>
    public string? Name => Deployment.Resolve(Json.GetProperty("name"));

    /// <summary>
    /// The resource's own name, the last segment of its full name. A child's full name is usually only known at
    /// deployment (its parent's name is a parameter) while its own segment is fixed: the segments are read one by one.
    /// Null when the segment itself is only known at deployment.
    /// </summary>
    public string? OwnName => Segment(1);

    /// <summary>The parent's own name, the segment before <see cref="OwnName"/> (the database of a Cosmos container).</summary>
    public string? ParentName => Segment(2);

    private string? Segment(int fromEnd)
    {
        var segments = Deployment.Sketch(Json.GetProperty("name")).Split('/');
        return segments.Length >= fromEnd && segments[^fromEnd] is var segment && !segment.Contains('?', StringComparison.Ordinal) ? segment : null;
    }

    /// <summary>The name as an expression, parameters and variables followed (<c>format('pe-{0}', 'sb-x')</c>), for matching.</summary>
    public string NameExpression => Deployment.Render(Json.GetProperty("name"));

    /// <summary>
    /// For a child declared with <c>parent:</c>, compiled to <c>format('{0}/{1}', parentName, name)</c>: the parent's
    /// name as an expression, to compare with that parent's <see cref="NameExpression"/>. Null for anything else.
    /// </summary>
    public string? ParentNameExpression =>
        Deployment.Expand(Json.GetProperty("name")) is ArmCall { Name: "format", Arguments: [ArmString { Value: "{0}/{1}" }, var parent, _] }
            ? parent.ToString()
            : null;

    /// <summary>The raw value at a dotted path under the resource (<c>properties.publicNetworkAccess</c>), or null.</summary>
    public JsonElement? At(string dottedPath) => ArmTemplate.At(Json, dottedPath);

    /// <summary>The value at a dotted path when it is known before deployment, else null.</summary>
    public string? Resolve(string dottedPath) => At(dottedPath) is { } value ? Deployment.Resolve(value) : null;

    public override string ToString() => $"{Deployment.Path}: {Type} {OwnName ?? Json.GetProperty("name").ToString()}";
}
