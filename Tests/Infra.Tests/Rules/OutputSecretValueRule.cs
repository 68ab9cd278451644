using System.Text.RegularExpressions;
using Infra.Tests.Compiler;

namespace Infra.Tests.Rules;

/// <summary>
/// Mirrors PSRule's Azure.Deployment.OutputSecretValue: deployment outputs are stored in plain text in the
/// deployment history (and azd copies main's into .azure/&lt;env&gt;/.env), so no output of any deployment may be
/// secure, call a list*() function, or carry a key, secret, password, SAS or connection string by name or by source.
/// The compiler's outputs-should-not-contain-secrets (an error here) covers part of this; the name and source words
/// are this rule's own.
/// </summary>
public sealed partial class OutputSecretValueRule : IInfraRule
{
    public string Id => "Azure.Deployment.OutputSecretValue";

    /// <summary>Every output of the template and of each module deployment, as (deployment, name, type, source).</summary>
    public static IEnumerable<(ArmDeployment Deployment, string Name, string Type, string Source)> Outputs(ArmDeployment root) =>
        root.AllDeployments().SelectMany(d => d.Template.TryGetProperty("outputs", out var outputs)
            ? outputs.EnumerateObject().Select(o => (d, o.Name, o.Value.GetProperty("type").GetString() ?? "", o.Value.TryGetProperty("value", out var v) ? d.Render(v) : ""))
            : []);

    public IReadOnlyList<Finding> Evaluate(ArmDeployment root)
    {
        var findings = new List<Finding>();
        foreach (var (deployment, name, type, source) in Outputs(root))
        {
            var location = $"{deployment.Path} output {name}";
            if (type.StartsWith("secure", StringComparison.OrdinalIgnoreCase))
            {
                findings.Add(new Finding(Id, location, $"is @secure() ({type}): a secure value has no place in an output"));
            }

            if (ListFunction().IsMatch(source))
            {
                findings.Add(new Finding(Id, location, $"calls a list*() function: {source}"));
            }

            if (SecretWord().IsMatch(name) || SecretWord().IsMatch(source))
            {
                findings.Add(new Finding(Id, location, $"looks like a secret: {name} = {source}"));
            }
        }

        return findings;
    }

    [GeneratedRegex(@"\blist[A-Za-z]*\s*\(")]
    private static partial Regex ListFunction();

    // "sas" only as a word of its own (SAS_URL, blobSas), not inside one (disaster).
    [GeneratedRegex(@"(?i:key|secret|password|connection_?string|token)|(?<![A-Za-z])(?i:sas)(?![a-z])|(?<=[a-z])Sas(?![a-z])")]
    private static partial Regex SecretWord();
}
