using System.Text.RegularExpressions;
using Infra.Tests.Compiler;

namespace Infra.Tests.Rules;

/// <summary>
/// Reads the Azure RBAC and Cosmos DB SQL role assignments from the compiled template, where each role id, scope
/// and principal is what the deployment gets: variables and module parameters followed to their values.
/// </summary>
public static partial class RoleAssignmentReader
{
    public const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";
    public const string CosmosSqlRoleAssignmentType = "Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments";

    /// <summary>What a Cosmos assignment's scope is when it names one database (<c>…/dbs/&lt;name&gt;</c>).</summary>
    public const string CosmosDatabaseScope = "Cosmos DB database";

    /// <summary>What an assignment without a resource scope reaches: everything the deployment reaches.</summary>
    public const string DeploymentScope = "resource group or wider (no resource scope)";

    public static IReadOnlyList<RoleAssignment> Read(ArmDeployment root) =>
        root.AllResources().Where(r => !r.IsExisting).Select(Read).OfType<RoleAssignment>().ToList();

    private static RoleAssignment? Read(CompiledResource resource)
    {
        if (resource.Type == RoleAssignmentType)
        {
            var scope = resource.At("scope") is { } value ? ScopeType(resource.Deployment.Sketch(value)) : DeploymentScope;
            return new RoleAssignment(resource.Deployment.Path, resource.Type, RoleId(resource), scope, Principal(resource));
        }

        if (resource.Type == CosmosSqlRoleAssignmentType)
        {
            var sketch = resource.At("properties.scope") is { } value ? resource.Deployment.Sketch(value) : "(none)";
            var scope = CosmosDatabase().IsMatch(sketch) ? CosmosDatabaseScope : $"Cosmos DB account or wider ({sketch})";
            return new RoleAssignment(resource.Deployment.Path, resource.Type, RoleId(resource), scope, Principal(resource));
        }

        return null;
    }

    // [Microsoft.Authorization/roleDefinitions:<guid>] for RBAC, [<account>]/sqlRoleDefinitions/<guid> for Cosmos DB.
    private static string? RoleId(CompiledResource resource)
    {
        var sketch = resource.At("properties.roleDefinitionId") is { } value ? resource.Deployment.Sketch(value) : "";
        var match = RoleDefinition().Match(sketch);
        return match.Success ? match.Groups["id"].Value : null;
    }

    private static string ScopeType(string sketch)
    {
        var match = ResourceIdOnly().Match(sketch);
        return match.Success ? match.Groups["type"].Value : $"not one resource ({sketch})";
    }

    // The principal id is read from an identity that a module of main.bicep deploys: name that module.
    private static string Principal(CompiledResource resource)
    {
        var rendered = resource.At("properties.principalId") is { } value ? resource.Deployment.Render(value) : "(none)";
        var modules = ArmDeployment.OutputsReadBy(rendered).Select(output => output.Split('.')[0]).Distinct().ToList();
        return modules.Count == 1 ? modules[0] : rendered;
    }

    [GeneratedRegex(@"(^\[Microsoft\.Authorization/roleDefinitions:|/sqlRoleDefinitions/)(?<id>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\]?$")]
    private static partial Regex RoleDefinition();

    [GeneratedRegex(@"^\[(?<type>[^:\]]+):[^\]]*\]$")]
    private static partial Regex ResourceIdOnly();

    [GeneratedRegex(@"^\[Microsoft\.DocumentDB/databaseAccounts:[^\]]*\]/dbs/[^/]+$")]
    private static partial Regex CosmosDatabase();
}
