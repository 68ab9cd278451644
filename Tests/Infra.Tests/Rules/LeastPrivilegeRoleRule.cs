using Infra.Tests.Bicep;

namespace Infra.Tests.Rules;

/// <summary>
/// Every role assignment must be one of the allowed (role, scope) pairs: the data-plane roles the services
/// use, each on the narrowest resource. No PSRule for Azure or Checkov rule checks role definition ids
/// against a list, so this check is named after what it proves.
/// </summary>
public sealed class LeastPrivilegeRoleRule : IInfraRule
{
    private const string Queue = "Microsoft.ServiceBus/namespaces/queues";
    private const string Namespace = "Microsoft.ServiceBus/namespaces";
    private const string BlobContainer = "Microsoft.Storage/storageAccounts/blobServices/containers";
    private const string Registry = "Microsoft.ContainerRegistry/registries";

    /// <summary>The geo-DR module grants on the secondary namespace: its queue exists only after replication.</summary>
    public const string GeoDrModule = "servicebus/servicebus-geo-dr.module.bicep";

    private static readonly (string RoleId, string ScopeType, string? OnlyInFile)[] Allowed =
    [
        (KnownRoles.ServiceBusDataSender, Queue, null),
        (KnownRoles.ServiceBusDataReceiver, Queue, null),
        (KnownRoles.ServiceBusDataOwner, Queue, null),
        (KnownRoles.StorageBlobDataContributor, BlobContainer, null),
        (KnownRoles.AcrPull, Registry, null),
        (KnownRoles.CosmosBuiltInDataContributor, RoleAssignmentReader.CosmosDatabaseScope, null),
        (KnownRoles.ServiceBusDataSender, Namespace, GeoDrModule),
        (KnownRoles.ServiceBusDataReceiver, Namespace, GeoDrModule),
        (KnownRoles.ServiceBusDataOwner, Namespace, GeoDrModule),
    ];

    public string Id => "LeastPrivilegeDataPlaneRoles";

    public IReadOnlyList<Finding> Evaluate(BicepProject project) =>
        RoleAssignmentReader.Read(project)
            .Where(a => !Allowed.Any(x => x.RoleId == a.RoleId && x.ScopeType == a.ScopeType && (x.OnlyInFile is null || x.OnlyInFile == a.File)))
            .Select(a => new Finding(Id, $"{a.File}:{a.Line} {a.Symbol}", $"{a.RoleName} on {a.ScopeType} is not an allowed least-privilege assignment"))
            .ToList();
}
