using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Infra.Tests.Compiler;

/// <summary>
/// A compiled template in the place it is deployed: main.bicep's template at the root, each module's template as the
/// nested deployment its parent declares, with the parameter values that parent passes. Expressions are read here,
/// so <c>parameters('identityName')</c> inside a module becomes what main.bicep gives it, and
/// <c>variables('queueName')</c> becomes the variable's value.
/// </summary>
public sealed partial class ArmDeployment
{
    private ArmDeployment(string name, JsonElement template, ArmDeployment? parent, JsonElement? passedParameters)
    {
        Name = name;
        Template = template;
        Parent = parent;
        PassedParameters = passedParameters;
    }

    /// <summary>
    /// The deployment's name (<c>main</c> for the root), as in <c>Microsoft.Resources/deployments</c>; a name only known
    /// at deployment is sketched (<c>links-?</c> for one deployment per loop item).
    /// </summary>
    public string Name { get; }

    public JsonElement Template { get; }

    public ArmDeployment? Parent { get; }

    private JsonElement? PassedParameters { get; }

    /// <summary>Where the deployment sits: <c>main/consumer</c>.</summary>
    public string Path => Parent is null ? Name : $"{Parent.Path}/{Name}";

    public static ArmDeployment Root(JsonElement template, string name = "main") => new(name, template, null, null);

    /// <summary>The resources declared directly in this template, module deployments included.</summary>
    public IEnumerable<CompiledResource> Resources => ArmTemplate.Resources(Template).Select(r => new CompiledResource(r, this));

    /// <summary>The module deployments this template declares.</summary>
    public IEnumerable<ArmDeployment> Modules =>
        Resources
            .Where(r => r.Type == "Microsoft.Resources/deployments" && ArmTemplate.At(r.Json, "properties.template") is not null)
            .Select(r => new ArmDeployment(
                r.Name ?? Sketch(r.Json.GetProperty("name")),
                r.Json.GetProperty("properties").GetProperty("template"),
                this,
                ArmTemplate.At(r.Json, "properties.parameters")));

    /// <summary>This template's resources and, depth first, those of every module under it.</summary>
    public IEnumerable<CompiledResource> AllResources() => Resources.Concat(Modules.SelectMany(m => m.AllResources()));

    /// <summary>The module deployment named <paramref name="name"/> anywhere under this one.</summary>
    public ArmDeployment Module(string name) =>
        AllModules().SingleOrDefault(m => m.Name == name) ?? throw new InvalidOperationException($"{Path} has no module deployment named {name}");

    /// <summary>This deployment and every module deployment under it.</summary>
    public IEnumerable<ArmDeployment> AllDeployments() => AllModules().Prepend(this);

    private IEnumerable<ArmDeployment> AllModules() => Modules.SelectMany(m => m.AllModules().Prepend(m));

    /// <summary>
    /// The expression a compiled value stands for, with every <c>parameters()</c> and <c>variables()</c> it uses
    /// replaced by what it is here (a module parameter its parent does not pass takes its default; the root's parameters
    /// stay as they are, since the deployment chooses them). A plain string becomes a string literal; null for objects
    /// and arrays.
    /// </summary>
    public ArmExpression? Expand(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => ArmExpression.FromValue(value.GetString()!) is { } expression ? Expand(expression) : new ArmString(value.GetString()!),
        JsonValueKind.Number => new ArmInteger(value.GetInt64()),
        JsonValueKind.True => new ArmCall("true", []),
        JsonValueKind.False => new ArmCall("false", []),
        _ => null,
    };

    /// <summary>The value, when it is known before deployment (literals, and what they are built from); otherwise null.</summary>
    public string? Resolve(JsonElement value) => Expand(value) is { } expression ? Evaluate(expression) : null;

    /// <summary>The expression as text after <see cref="Expand(JsonElement)"/>: what the value is made of, for checks and messages.</summary>
    public string Render(JsonElement value) => Expand(value)?.ToString() ?? value.GetRawText();

    private ArmExpression Expand(ArmExpression expression) => expression switch
    {
        ArmCall { Name: "parameters", NameArgument: { } name } call => ExpandParameter(name) ?? call,
        ArmCall { Name: "variables", NameArgument: { } name } call =>
            ArmTemplate.At(Template, $"variables.{name}") is { } variable && Expand(variable) is { } value ? value : call,
        ArmCall call => call with { Arguments = [.. call.Arguments.Select(Expand)] },
        // A field of an object variable (an address plan, say) is followed to its value.
        ArmProperty { Target: ArmCall { Name: "variables", NameArgument: { } name } } property
            when ArmTemplate.At(Template, $"variables.{name}.{property.Name}") is { } field && Expand(field) is { } value => value,
        ArmProperty property => property with { Target = Expand(property.Target) },
        ArmIndex index => new ArmIndex(Expand(index.Target), Expand(index.Index)),
        _ => expression,
    };

    private ArmExpression? ExpandParameter(string name)
    {
        if (Parent is not null && PassedParameters is { } passed && passed.TryGetProperty(name, out var argument))
        {
            // The parent gives { "value": ... }, or an expression that builds that object (a conditional between two
            // module outputs compiles to if(..., createObject('value', ...), ...)), which is kept as it is.
            var value = argument.ValueKind == JsonValueKind.Object && argument.TryGetProperty("value", out var inner) ? inner : argument;
            return Parent.Expand(value);
        }

        // A module parameter its parent does not pass is fixed at its default. The root's parameters are whatever the
        // deployment is given (main.parameters.json, azd), so they stay parameters.
        return Parent is not null && ArmTemplate.At(Template, $"parameters.{name}.defaultValue") is { } fallback ? Expand(fallback) : null;
    }

    /// <summary>
    /// The value as far as it is known before deployment: a resource id becomes <c>[type:name/name]</c> and anything
    /// only known at deployment becomes <c>?</c>, so <c>[Microsoft.DocumentDB/databaseAccounts:?]/dbs/warehouse</c>
    /// says "database warehouse of some Cosmos DB account".
    /// </summary>
    public string Sketch(JsonElement value) => Expand(value) is { } expression ? Sketch(expression) : "?";

    private static string Sketch(ArmExpression expression) => expression switch
    {
        ArmCall { Name: "resourceId" or "subscriptionResourceId" or "tenantResourceId", Arguments: [var type, .. var names] } =>
            $"[{Sketch(type)}:{string.Join('/', names.Select(Sketch))}]",
        ArmCall { Name: "extensionResourceId", Arguments: [_, var type, .. var names] } =>
            $"[{Sketch(type)}:{string.Join('/', names.Select(Sketch))}]",
        ArmCall { Name: "format", Arguments: [var format, .. var arguments] } when Evaluate(format) is { } pattern =>
            string.Format(CultureInfo.InvariantCulture, pattern, [.. arguments.Select(Sketch)]),
        _ => Evaluate(expression) ?? "?",
    };

    /// <summary>
    /// The module outputs a rendered value reads, as <c>deployment.output</c> (<c>hub-network.id</c>): how main.bicep
    /// wires one module's result into another.
    /// </summary>
    public static IReadOnlyList<string> OutputsReadBy(string rendered) =>
        OutputReference().Matches(rendered).Select(m => $"{m.Groups["deployment"].Value}.{m.Groups["output"].Value}").ToList();

    [GeneratedRegex(@"'Microsoft\.Resources/deployments', '(?<deployment>[^']+)'\)(, '[^']*')?\)\.outputs\.(?<output>\w+)\.value")]
    private static partial Regex OutputReference();

    /// <summary>The value of an expression that needs nothing from a deployment, in Azure's public cloud; else null.</summary>
    public static string? Evaluate(ArmExpression expression)
    {
        switch (expression)
        {
            case ArmString text:
                return text.Value;
            case ArmInteger number:
                return number.Value.ToString(CultureInfo.InvariantCulture);
            case ArmCall { Name: "true" or "false", Arguments: [] } boolean:
                return boolean.Name;
            case ArmCall { Name: "format", Arguments: [var format, .. var arguments] }:
            {
                var pattern = Evaluate(format);
                var values = arguments.Select(Evaluate).ToList();
                if (pattern is null || values.Any(v => v is null))
                {
                    return null;
                }

                return string.Format(CultureInfo.InvariantCulture, pattern, [.. values]);
            }

            case ArmCall { Name: "concat" } concat:
            {
                var values = concat.Arguments.Select(Evaluate).ToList();
                return values.Any(v => v is null) ? null : string.Concat(values);
            }

            case ArmCall { Name: "toLower", Arguments: [var argument] }:
                return Evaluate(argument)?.ToLowerInvariant();
            case ArmIndex { Target: ArmCall { Name: "split", Arguments: [var text, var separator] }, Index: var index }:
            {
                var (value, by, at) = (Evaluate(text), Evaluate(separator), Evaluate(index));
                var parts = value is null || by is null ? null : value.Split(by);
                return parts is not null && int.TryParse(at, out var i) && i >= 0 && i < parts.Length ? parts[i] : null;
            }

            case ArmProperty property when PublicCloud.Path(property) is { } path:
                return PublicCloud.Environment(path);
            default:
                return null;
        }
    }
}
