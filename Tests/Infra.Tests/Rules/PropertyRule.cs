using Infra.Tests.Compiler;

namespace Infra.Tests.Rules;

/// <summary>
/// Every resource of <paramref name="ResourceType"/> the compiled template deploys must set <paramref name="PropertyPath"/>
/// to one of <paramref name="AcceptedValues"/>, a value fixed before deployment (a literal, or a variable or module
/// parameter that resolves to one), because a value chosen at deployment cannot be proven here. A missing property
/// fails too: the service defaults are the permissive ones. <paramref name="RejectedExample"/> is a value (as Bicep text)
/// the rule must reject, which its tests feed it.
/// </summary>
public sealed record PropertyRule(string Id, string ResourceType, string PropertyPath, IReadOnlyList<string> AcceptedValues, string RejectedExample) : IInfraRule
{
    public IReadOnlyList<Finding> Evaluate(ArmDeployment root)
    {
        var findings = new List<Finding>();
        foreach (var resource in root.AllResources().Where(r => !r.IsExisting && string.Equals(r.Type, ResourceType, StringComparison.OrdinalIgnoreCase)))
        {
            var value = resource.At(PropertyPath);
            var fixedValue = value is { } present ? resource.Deployment.Resolve(present) : null;
            var expected = string.Join(" or ", AcceptedValues);
            var message = value switch
            {
                null => $"{PropertyPath} is not set; it must be {expected}",
                _ when fixedValue is null => $"{PropertyPath} is computed at deployment ({resource.Deployment.Render(value.Value)}); it must be the literal {expected}",
                _ when !AcceptedValues.Contains(fixedValue, StringComparer.Ordinal) => $"{PropertyPath} is '{fixedValue}'; it must be {expected}",
                _ => null,
            };
            if (message is not null)
            {
                findings.Add(new Finding(Id, resource.ToString(), message));
            }
        }

        return findings;
    }
}
