namespace Infra.Tests.Rules;

/// <param name="RoleId">The role definition id, or null when the template computes it.</param>
/// <param name="ScopeType">Resource type of the scope, or a description when it is not a resource of the file.</param>
/// <param name="PrincipalSymbol">The identity symbol the principal id comes from (e.g. <c>identity</c>), or the expression.</param>
public sealed record RoleAssignment(string File, int Line, string Symbol, string? RoleId, string ScopeType, string PrincipalSymbol)
{
    public string RoleName => RoleId is null ? "(computed role)" : KnownRoles.NameOf(RoleId);

    public override string ToString() => $"{File}:{Line} {Symbol}: {RoleName} on {ScopeType} for {PrincipalSymbol}";
}
