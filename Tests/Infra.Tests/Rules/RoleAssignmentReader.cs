using System.Text.RegularExpressions;
using Infra.Tests.Bicep;

namespace Infra.Tests.Rules;

/// <summary>Reads the Azure RBAC and Cosmos DB SQL role assignments a template declares.</summary>
public static partial class RoleAssignmentReader
{
    public const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";
    public const string CosmosSqlRoleAssignmentType = "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments";

    /// <summary>What a Cosmos assignment's scope is, when it names one database (<c>.../dbs/&lt;name&gt;</c>).</summary>
    public const string CosmosDatabaseScope = "Cosmos DB database";

    public static IReadOnlyList<RoleAssignment> Read(BicepProject project) =>
        project.Files.SelectMany(Read).ToList();

    public static IEnumerable<RoleAssignment> Read(BicepFile file)
    {
        foreach (var resource in file.Resources.Where(r => !r.IsExisting))
        {
            if (resource.Type == RoleAssignmentType)
            {
                var scope = resource.At("scope") is BicepExpression { Text: var scopeSymbol } && file.FindResource(scopeSymbol) is { } scoped
                    ? scoped.Type
                    : "resource group or wider (no resource scope)";
                yield return new RoleAssignment(file.Path, resource.Line, resource.Symbol, RoleIdOf(file, resource.At("properties.roleDefinitionId")), scope, PrincipalOf(resource));
            }
            else if (resource.Type == CosmosSqlRoleAssignmentType)
            {
                var scopeText = (resource.At("properties.scope") as BicepString)?.Text ?? "";
                var scope = DatabaseScope().IsMatch(scopeText) ? CosmosDatabaseScope : $"Cosmos DB account or wider ({scopeText})";
                yield return new RoleAssignment(file.Path, resource.Line, resource.Symbol, RoleIdOf(file, resource.At("properties.roleDefinitionId")), scope, PrincipalOf(resource));
            }
        }
    }

    // A literal GUID in the expression, or a variable of the file whose value is one.
    private static string? RoleIdOf(BicepFile file, BicepValue? value)
    {
        var text = value switch
        {
            BicepExpression expression => expression.Text,
            BicepString text1 => text1.Text,
            _ => null,
        };
        if (text is null)
        {
            return null;
        }

        var direct = Guid().Matches(text).Select(m => m.Value).ToList();
        var viaVariables = Identifier().Matches(text)
            .Select(m => file.Variables.FirstOrDefault(v => v.Name == m.Value))
            .Select(v => v is null ? null : file.ResolveString(v.Value))
            .Where(v => v is not null && Guid().IsMatch(v))
            .Select(v => v!)
            .ToList();
        var ids = direct.Concat(viaVariables).Distinct().ToList();
        return ids.Count == 1 ? ids[0] : null;
    }

    private static string PrincipalOf(ResourceDeclaration resource)
    {
        var text = (resource.At("properties.principalId") as BicepExpression)?.Text ?? "(none)";
        var dot = text.IndexOf('.');
        return dot > 0 ? text[..dot] : text;
    }

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex(@"\b[A-Za-z_][A-Za-z0-9_]*\b")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"/dbs/[^/]+'$")]
    private static partial Regex DatabaseScope();
}
