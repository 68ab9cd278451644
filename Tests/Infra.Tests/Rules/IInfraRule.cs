using Infra.Tests.Bicep;

namespace Infra.Tests.Rules;

/// <summary>A check over a whole template tree. Named after the PSRule for Azure / Checkov rule it mirrors.</summary>
public interface IInfraRule
{
    string Id { get; }

    IReadOnlyList<Finding> Evaluate(BicepProject project);
}
