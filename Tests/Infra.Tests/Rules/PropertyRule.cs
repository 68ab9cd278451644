using Infra.Tests.Bicep;

namespace Infra.Tests.Rules;

/// <summary>
/// Every resource of <paramref name="ResourceType"/> the template declares must set
/// <paramref name="PropertyPath"/> to one of <paramref name="AcceptedValues"/> — as a literal (or a variable
/// holding one), because a value computed at deployment time cannot be proven here. A missing property
/// fails too: the service defaults are the permissive ones.
/// </summary>
public sealed record PropertyRule(string Id, string ResourceType, string PropertyPath, IReadOnlyList<string> AcceptedValues) : IInfraRule
{
    public IReadOnlyList<Finding> Evaluate(BicepProject project)
    {
        var findings = new List<Finding>();
        foreach (var (file, resource) in project.DeclaredResourcesOfType(ResourceType))
        {
            var value = resource.At(PropertyPath);
            var literal = file.ResolveString(value) ?? (value as BicepLiteral)?.Text;
            var expected = string.Join(" or ", AcceptedValues);
            var message = value switch
            {
                null => $"{PropertyPath} is not set; it must be {expected}",
                _ when literal is null => $"{PropertyPath} is computed at deployment; it must be the literal {expected}",
                _ when !AcceptedValues.Contains(literal, StringComparer.Ordinal) => $"{PropertyPath} is '{literal}'; it must be {expected}",
                _ => null,
            };
            if (message is not null)
            {
                findings.Add(new Finding(Id, $"{file.Path}:{resource.Line} {resource.Symbol}", message));
            }
        }

        return findings;
    }
}
