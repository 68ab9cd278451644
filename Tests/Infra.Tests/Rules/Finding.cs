namespace Infra.Tests.Rules;

/// <summary>One way the template breaks a rule, with where and why.</summary>
public sealed record Finding(string RuleId, string Location, string Message)
{
    public override string ToString() => $"[{RuleId}] {Location}: {Message}";
}
