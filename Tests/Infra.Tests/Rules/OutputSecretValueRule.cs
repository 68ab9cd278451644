using System.Text.RegularExpressions;
using Infra.Tests.Bicep;

namespace Infra.Tests.Rules;

/// <summary>
/// Mirrors PSRule's Azure.Deployment.OutputSecretValue: deployment outputs are stored in plain text in the
/// deployment history (and azd copies ours into .azure/&lt;env&gt;/.env), so no output may be secure, call a
/// list*() function, or carry a key, secret, password, SAS or connection string by name or by source.
/// </summary>
public sealed partial class OutputSecretValueRule : IInfraRule
{
    public string Id => "Azure.Deployment.OutputSecretValue";

    public IReadOnlyList<Finding> Evaluate(BicepProject project)
    {
        var findings = new List<Finding>();
        foreach (var output in project.Files.SelectMany(f => f.Outputs))
        {
            var location = $"{output.File}:{output.Line} output {output.Name}";
            var source = output.Value switch
            {
                BicepExpression expression => expression.Text,
                BicepString text => text.Text,
                _ => "",
            };
            if (output.Decorators.Any(d => d.Name == "secure"))
            {
                findings.Add(new Finding(Id, location, "is @secure(): a secure value has no place in an output"));
            }

            if (ListFunction().IsMatch(source))
            {
                findings.Add(new Finding(Id, location, $"calls a list*() function: {source}"));
            }

            if (SecretWord().IsMatch(output.Name) || SecretWord().IsMatch(source))
            {
                findings.Add(new Finding(Id, location, $"looks like a secret: {output.Name} = {source}"));
            }
        }

        return findings;
    }

    [GeneratedRegex(@"\blist[A-Za-z]*\s*\(")]
    private static partial Regex ListFunction();

    [GeneratedRegex(@"(key|secret|password|connection_?string|sas|token)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretWord();
}
