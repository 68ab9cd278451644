using Infra.Tests.Bicep;
using Infra.Tests.Rules;

namespace Infra.Tests;

/// <summary>The repository's infra/ read once, and the assertions every rule test uses.</summary>
public static class InfraTemplate
{
    private static readonly Lazy<BicepProject> Loaded = new(() => BicepProject.Load(RepositoryPaths.Infra));

    public static BicepProject Project => Loaded.Value;

    /// <summary>The rule finds nothing in infra/ — and the check did look at something.</summary>
    public static void Holds(IInfraRule rule, string resourceType)
    {
        Assert.NotEmpty(Project.DeclaredResourcesOfType(resourceType));
        var findings = rule.Evaluate(Project);
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    /// <summary>The rule flags the snippet, with a finding that says <paramref name="because"/>.</summary>
    public static void Flags(IInfraRule rule, string snippet, string because)
    {
        var findings = rule.Evaluate(BicepProject.FromSource(snippet));
        Assert.Contains(findings, f => f.RuleId == rule.Id && f.Message.Contains(because, StringComparison.Ordinal));
    }

    public static void Passes(IInfraRule rule, string snippet)
    {
        var findings = rule.Evaluate(BicepProject.FromSource(snippet));
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    /// <summary>
    /// A one-resource snippet of <paramref name="type"/> that sets <paramref name="dottedPath"/> to the Bicep
    /// text <paramref name="valueText"/>, or leaves it out when that is null.
    /// </summary>
    public static string ResourceSnippet(string type, string dottedPath, string? valueText)
    {
        var lines = new List<string> { $"resource subject '{type}@2024-01-01' = {{", "  name: 'subject'" };
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

    /// <summary>Proves a property rule can fail: wrong value, missing, computed — and that the right value passes.</summary>
    public static void FlagsWrongMissingAndComputedValues(PropertyRule rule, string wrongValueText)
    {
        Flags(rule, ResourceSnippet(rule.ResourceType, rule.PropertyPath, wrongValueText), "it must be");
        Flags(rule, ResourceSnippet(rule.ResourceType, rule.PropertyPath, null), "is not set");
        Flags(rule, ResourceSnippet(rule.ResourceType, rule.PropertyPath, "someParameter"), "is computed at deployment");
        var accepted = rule.AcceptedValues[0];
        Passes(rule, ResourceSnippet(rule.ResourceType, rule.PropertyPath, accepted is "true" or "false" ? accepted : $"'{accepted}'"));
    }
}
