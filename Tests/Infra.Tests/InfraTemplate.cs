using Infra.Tests.Compiler;
using Infra.Tests.Rules;

namespace Infra.Tests;

/// <summary>
/// The assertions every rule test uses: a rule holds on the compiled infra/, and it flags small bad templates compiled
/// by the same compiler (so a rule that could never fail is caught).
/// </summary>
public static class InfraTemplate
{
    /// <summary>The rule finds nothing in the compiled infra/, and the check did look at something.</summary>
    public static async Task HoldsAsync(IInfraRule rule, string resourceType)
    {
        var root = (await CompiledInfra.Instance).Root;
        Assert.Contains(root.AllResources(), r => !r.IsExisting && r.Type == resourceType);
        var findings = rule.Evaluate(root);
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    /// <summary>The rule flags the snippet, with a finding that says <paramref name="because"/>.</summary>
    public static Task FlagsAsync(IInfraRule rule, string snippet, string because) => CheckAsync(rule, (snippet, because));

    public static Task PassesAsync(IInfraRule rule, string snippet) => CheckAsync(rule, (snippet, null));

    /// <summary>
    /// Compiles every snippet in one compiler process, then checks each: flagged with a finding that says its
    /// <c>Because</c>, or, where that is null, not flagged at all.
    /// </summary>
    public static async Task CheckAsync(IInfraRule rule, params (string Snippet, string? Because)[] cases)
    {
        // The baseline's cases come compiled already; anything else is compiled now, in one process.
        var baseline = await BaselineCases.Value;
        var others = cases.Select(c => c.Snippet).Where(s => !baseline.ContainsKey(s)).Distinct().ToList();
        var compiledOthers = others.Count == 0 ? [] : await ScratchInfra.CompileAllAsync(others);
        var compiled = cases.Select(c => baseline.TryGetValue(c.Snippet, out var known) ? known : compiledOthers[others.IndexOf(c.Snippet)]).ToList();
        for (var i = 0; i < cases.Length; i++)
        {
            var findings = rule.Evaluate(compiled[i]);
            if (cases[i].Because is { } because)
            {
                Assert.True(
                    findings.Any(f => f.RuleId == rule.Id && f.Message.Contains(because, StringComparison.Ordinal)),
                    $"expected a finding that says \"{because}\" for:{Environment.NewLine}{cases[i].Snippet}{Environment.NewLine}found: {string.Join(Environment.NewLine, findings)}");
            }
            else
            {
                Assert.True(findings.Count == 0, $"expected no finding for:{Environment.NewLine}{cases[i].Snippet}{Environment.NewLine}found: {string.Join(Environment.NewLine, findings)}");
            }
        }
    }

    /// <summary>
    /// A one-resource template of <paramref name="type"/> that sets <paramref name="dottedPath"/> to the Bicep text
    /// <paramref name="valueText"/>, or leaves it out when that is null. A parameter <c>someParameter</c> is declared
    /// for values chosen at deployment.
    /// </summary>
    public static string ResourceSnippet(string type, string dottedPath, string? valueText)
    {
        // A child type declared on its own is named parent/child: one segment per level below the provider's type.
        var levels = type.Split('/').Length - 2;
        var name = string.Join('/', Enumerable.Repeat("subject", levels + 1));
        var lines = new List<string> { "param someParameter string", $"resource subject '{type}@2024-01-01' = {{", $"  name: '{name}'" };
        if (valueText is not null)
        {
            var names = dottedPath.Split('.');
            for (var i = 0; i < names.Length - 1; i++)
            {
                lines.Add($"{new string(' ', 2 * (i + 1))}{names[i]}: {{");
            }

            lines.Add($"{new string(' ', 2 * names.Length)}{names[^1]}: {valueText}");
            for (var i = names.Length - 2; i >= 0; i--)
            {
                lines.Add($"{new string(' ', 2 * (i + 1))}}}");
            }
        }

        lines.Add("}");
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Proves a property rule can fail: its rejected example, missing, computed — and that an accepted value passes.</summary>
    public static Task FlagsWrongMissingAndComputedValuesAsync(PropertyRule rule) => CheckAsync(rule, Cases(rule));

    /// <summary>
    /// Proves a private endpoint rule can fail: no endpoint, an endpoint for another group, no DNS zone group — and that
    /// the endpoint with its zone group passes.
    /// </summary>
    public static Task FlagsMissingEndpointWrongGroupAndMissingZoneGroupAsync(PrivateEndpointRule rule) => CheckAsync(rule, Cases(rule));

    // Every security baseline rule's cases, compiled together in one compiler process the first time a test asks
    // (~2 s for all of them, where one process per rule took ~1.4 s each).
    private static readonly Lazy<Task<Dictionary<string, ArmDeployment>>> BaselineCases = new(async () =>
    {
        var snippets = SecurityBaseline.PropertyRules.SelectMany(Cases)
            .Concat(SecurityBaseline.PrivateEndpointRules.SelectMany(Cases))
            .Select(c => c.Snippet)
            .Distinct()
            .ToList();
        var compiled = await ScratchInfra.CompileAllAsync(snippets);
        return snippets.Select((snippet, i) => (snippet, compiled[i])).ToDictionary(x => x.snippet, x => x.Item2);
    });

    private static (string Snippet, string? Because)[] Cases(PropertyRule rule)
    {
        var accepted = rule.AcceptedValues[0];
        return
        [
            (ResourceSnippet(rule.ResourceType, rule.PropertyPath, rule.RejectedExample), "it must be"),
            (ResourceSnippet(rule.ResourceType, rule.PropertyPath, null), "is not set"),
            (ResourceSnippet(rule.ResourceType, rule.PropertyPath, "someParameter"), "is computed at deployment"),
            (ResourceSnippet(rule.ResourceType, rule.PropertyPath, accepted is "true" or "false" ? accepted : $"'{accepted}'"), null),
        ];
    }

    private static (string Snippet, string? Because)[] Cases(PrivateEndpointRule rule) =>
    [
        (PrivateEndpointSnippets.ServiceWithoutEndpoint(rule.ResourceType), "no private endpoint"),
        (PrivateEndpointSnippets.ServiceWithEndpoint(rule.ResourceType, $"not-{rule.GroupId}", withZoneGroup: true), "no private endpoint"),
        (PrivateEndpointSnippets.ServiceWithEndpoint(rule.ResourceType, rule.GroupId, withZoneGroup: false), "no DNS zone group"),
        (PrivateEndpointSnippets.ServiceWithEndpoint(rule.ResourceType, rule.GroupId, withZoneGroup: true), null),
    ];
}
