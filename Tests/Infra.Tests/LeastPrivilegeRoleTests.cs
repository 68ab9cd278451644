using Infra.Tests.Compiler;
using Infra.Tests.Rules;

namespace Infra.Tests;

/// <summary>
/// Each identity holds exactly the data-plane roles its code uses, on the narrowest scope; the KEDA scaler's wider role
/// sits on a separate identity that the application code never selects. Read from the compiled template, where every
/// role id, scope and principal is followed through variables and module parameters to what Azure is given.
/// </summary>
public sealed class LeastPrivilegeRoleTests
{
    private const string Queue = "Microsoft.ServiceBus/namespaces/queues";
    private readonly LeastPrivilegeRoleRule _rule = new();

    [Fact]
    public async Task LeastPrivilegeDataPlaneRoles()
    {
        var root = (await CompiledInfra.Instance).Root;

        Assert.NotEmpty(RoleAssignmentReader.Read(root));
        var findings = _rule.Evaluate(root);
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    [Fact]
    public Task LeastPrivilegeDataPlaneRoles__flags_broad_roles_and_broad_scopes() =>
        InfraTemplate.CheckAsync(
            _rule,
            (RoleSnippet("b24988ac-6180-42a0-ab88-20f7382dd24c", "queue"), "b24988ac-6180-42a0-ab88-20f7382dd24c on Microsoft.ServiceBus/namespaces/queues for"),
            (RoleSnippet(KnownRoles.ServiceBusDataOwner, "namespace"), "Azure Service Bus Data Owner on Microsoft.ServiceBus/namespaces for"),
            (RoleSnippet(KnownRoles.ServiceBusDataSender, null), "Azure Service Bus Data Sender on resource group or wider"),
            (RoleSnippet(KnownRoles.StorageBlobDataContributor, "storageAccount"), "Storage Blob Data Contributor on Microsoft.Storage/storageAccounts for"),
            (RoleSnippet(KnownRoles.ServiceBusDataSender, "queue"), null));

    [Fact]
    public Task LeastPrivilegeDataPlaneRoles__flags_a_Cosmos_assignment_on_the_whole_account_or_with_the_wrong_role() =>
        InfraTemplate.CheckAsync(
            _rule,
            (CosmosSnippet(KnownRoles.CosmosBuiltInDataContributor, "account.id"), "Cosmos DB account or wider"),
            (CosmosSnippet("00000000-0000-0000-0000-000000000001", "'${account.id}/dbs/warehouse'"), "00000000-0000-0000-0000-000000000001 on Cosmos DB database"),
            (CosmosSnippet(KnownRoles.CosmosBuiltInDataContributor, "'${account.id}/dbs/warehouse'"), null));

    [Fact]
    public async Task Producer_holds_only_Data_Sender_on_the_queue_and_AcrPull()
    {
        Assert.Equal(
            [
                "AcrPull on Microsoft.ContainerRegistry/registries for producer-identity",
                "Azure Service Bus Data Sender on Microsoft.ServiceBus/namespaces/queues for producer-identity",
            ],
            await DescribeAsync("main/producer"));
    }

    [Fact]
    public async Task Consumer_holds_Receiver_Blob_Contributor_on_the_container_and_Cosmos_Contributor_on_the_database()
    {
        Assert.Equal(
            [
                "AcrPull on Microsoft.ContainerRegistry/registries for consumer-identity",
                "Azure Service Bus Data Owner on Microsoft.ServiceBus/namespaces/queues for consumer-scaler-identity",
                "Azure Service Bus Data Receiver on Microsoft.ServiceBus/namespaces/queues for consumer-identity",
                "Cosmos DB Built-in Data Contributor on Cosmos DB database for consumer-identity",
                "Storage Blob Data Contributor on Microsoft.Storage/storageAccounts/blobServices/containers for consumer-identity",
            ],
            await DescribeAsync("main/consumer"));
    }

    [Fact]
    public async Task Geo_DR_grants_each_identity_its_own_role_on_the_secondary_namespace()
    {
        Assert.Equal(
            [
                "Azure Service Bus Data Owner on Microsoft.ServiceBus/namespaces for consumer-scaler-identity",
                "Azure Service Bus Data Receiver on Microsoft.ServiceBus/namespaces for consumer-identity",
                "Azure Service Bus Data Sender on Microsoft.ServiceBus/namespaces for producer-identity",
            ],
            await DescribeAsync(LeastPrivilegeRoleRule.GeoDrDeployment));
    }

    [Fact]
    public async Task KEDA_scaler_authenticates_with_its_own_identity_and_the_code_with_another()
    {
        var consumer = (await CompiledInfra.Instance).Root.Module("consumer");
        var app = consumer.Resources.Single(r => r.Type == "Microsoft.App/containerApps" && !r.IsExisting);
        var rule = Assert.Single(app.At("properties.template.scale.rules")!.Value.EnumerateArray());
        var container = Assert.Single(app.At("properties.template.containers")!.Value.EnumerateArray());
        var clientId = container.GetProperty("env").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "AZURE_CLIENT_ID");

        Assert.Equal("azure-servicebus", consumer.Resolve(rule.GetProperty("custom").GetProperty("type")));
        Assert.Equal(["consumer-scaler-identity.name"], ArmDeployment.OutputsReadBy(consumer.Render(rule.GetProperty("custom").GetProperty("identity"))));
        Assert.Equal(["consumer-identity.name"], ArmDeployment.OutputsReadBy(consumer.Render(clientId.GetProperty("value"))));
        Assert.EndsWith(".clientId", consumer.Render(clientId.GetProperty("value")));
        Assert.False(rule.GetProperty("custom").TryGetProperty("auth", out _));
    }

    // One role assignment to an identity, on the resource named by scopeSymbol (none: the whole deployment scope).
    private static string RoleSnippet(string roleId, string? scopeSymbol) => $$"""
        var roleId = '{{roleId}}'
        resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
          name: 'id-app'
        }
        resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
          name: 'sb'
        }
        resource queue 'Microsoft.ServiceBus/namespaces/queues@2024-01-01' existing = {
          parent: namespace
          name: 'store-events'
        }
        resource storageAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
          name: 'st'
        }
        resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
          name: guid('x')
        {{(scopeSymbol is null ? "" : $"  scope: {scopeSymbol}\n")}}  properties: {
            roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
            principalId: identity.properties.principalId
          }
        }

        """;

    private static string CosmosSnippet(string roleId, string scope) => $$"""
        resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
          name: 'id-app'
        }
        resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' existing = {
          name: 'cosmos'
        }
        resource writer 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
          parent: account
          name: guid('x')
          properties: {
            roleDefinitionId: '${account.id}/sqlRoleDefinitions/{{roleId}}'
            principalId: identity.properties.principalId
            scope: {{scope}}
          }
        }

        """;

    private static async Task<List<string>> DescribeAsync(string deployment) =>
        RoleAssignmentReader.Read((await CompiledInfra.Instance).Root)
            .Where(a => a.Deployment == deployment)
            .Select(a => $"{a.RoleName} on {a.ScopeType} for {a.Principal}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
