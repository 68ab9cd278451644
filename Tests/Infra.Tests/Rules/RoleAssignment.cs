namespace Infra.Tests.Rules;

/// <param name="Deployment">The module deployment that declares it (<c>main/consumer</c>).</param>
/// <param name="RoleId">The role definition id, or null when it is only known at deployment.</param>
/// <param name="ScopeType">Resource type of the scope, or a description when it is not one resource.</param>
/// <param name="Principal">The identity module the principal comes from (<c>consumer-identity</c>), or the expression.</param>
public sealed record RoleAssignment(string Deployment, string Type, string? RoleId, string ScopeType, string Principal)
{
    public string RoleName => RoleId is null ? "(computed role)" : KnownRoles.NameOf(RoleId);

    public override string ToString() => $"{Deployment}: {RoleName} on {ScopeType} for {Principal}";
}
