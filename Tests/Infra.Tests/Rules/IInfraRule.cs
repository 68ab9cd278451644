using Infra.Tests.Compiler;

namespace Infra.Tests.Rules;

/// <summary>
/// A check over a compiled template and every module deployment in it. Named after the PSRule for Azure / Checkov rule
/// it mirrors.
/// </summary>
public interface IInfraRule
{
    string Id { get; }

    IReadOnlyList<Finding> Evaluate(ArmDeployment root);
}
