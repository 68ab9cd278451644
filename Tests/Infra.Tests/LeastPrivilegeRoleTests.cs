using Infra.Tests.Bicep;
using Infra.Tests.Rules;

namespace Infra.Tests;

/// <summary>
/// Each identity holds exactly the data-plane roles its code uses, on the narrowest scope; the KEDA scaler's
/// wider role sits on a separate identity that the application code never selects.
/// </summary>
public sealed class LeastPrivilegeRoleTests
{
    private readonly LeastPrivilegeRoleRule _rule = new();

    [Fact]
    public void LeastPrivilegeDataPlaneRoles()
    {
        Assert.NotEmpty(RoleAssignmentReader.Read(InfraTemplate.Project));
        var findings = _rule.Evaluate(InfraTemplate.Project);
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    [Theory]
    [InlineData("b24988ac-6180-42a0-ab88-20f7382dd24c", "queue", "b24988ac-6180-42a0-ab88-20f7382dd24c on Microsoft.ServiceBus/namespaces/queues is not an allowed")]
    [InlineData(KnownRoles.ServiceBusDataOwner, "namespace", "Azure Service Bus Data Owner on Microsoft.ServiceBus/namespaces")]
    [InlineData(KnownRoles.ServiceBusDataSender, "", "resource group or wider")]
    [InlineData(KnownRoles.StorageBlobDataContributor, "storageAccount", "Storage Blob Data Contributor on Microsoft.Storage/storageAccounts")]
    public void LeastPrivilegeDataPlaneRoles__flags_broad_roles_and_broad_scopes(string roleId, string scopeSymbol, string because)
    {
        var scopeLine = scopeSymbol.Length == 0 ? "" : $"  scope: {scopeSymbol}\n";
        var snippet = $$"""
            var roleId = '{{roleId}}'
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
            {{scopeLine}}  properties: {
                roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
                principalId: identity.properties.principalId
              }
            }

            """;

        InfraTemplate.Flags(_rule, snippet, because);
    }

    [Fact]
    public void LeastPrivilegeDataPlaneRoles__flags_a_Cosmos_assignment_on_the_whole_account_or_with_the_wrong_role()
    {
        const string template = """
            resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' existing = {
              name: 'cosmos'
            }
            resource writer 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
              parent: account
              name: guid('x')
              properties: {
                roleDefinitionId: '${account.id}/sqlRoleDefinitions/ROLE'
                principalId: identity.properties.principalId
                scope: SCOPE
              }
            }

            """;

        InfraTemplate.Flags(_rule, template.Replace("ROLE", KnownRoles.CosmosBuiltInDataContributor).Replace("SCOPE", "account.id"), "Cosmos DB account or wider");
        InfraTemplate.Flags(_rule, template.Replace("ROLE", "00000000-0000-0000-0000-000000000001").Replace("SCOPE", "'${account.id}/dbs/warehouse'"), "is not an allowed");
        InfraTemplate.Passes(_rule, template.Replace("ROLE", KnownRoles.CosmosBuiltInDataContributor).Replace("SCOPE", "'${account.id}/dbs/warehouse'"));
    }

    [Fact]
    public void Producer_holds_only_Data_Sender_on_the_queue_and_AcrPull()
    {
        var roles = Describe("producer/producer.module.bicep");

        Assert.Equal(
            ["AcrPull on Microsoft.ContainerRegistry/registries for identity", "Azure Service Bus Data Sender on Microsoft.ServiceBus/namespaces/queues for identity"],
            roles);
    }

    [Fact]
    public void Consumer_holds_Receiver_Blob_Contributor_on_the_container_and_Cosmos_Contributor_on_the_database()
    {
        var roles = Describe("consumer/consumer.module.bicep");

        Assert.Equal(
            [
                "AcrPull on Microsoft.ContainerRegistry/registries for identity",
                "Azure Service Bus Data Owner on Microsoft.ServiceBus/namespaces/queues for scalerIdentity",
                "Azure Service Bus Data Receiver on Microsoft.ServiceBus/namespaces/queues for identity",
                "Cosmos DB Built-in Data Contributor on Cosmos DB database for identity",
                "Storage Blob Data Contributor on Microsoft.Storage/storageAccounts/blobServices/containers for identity",
            ],
            roles);
    }

    [Fact]
    public void KEDA_scaler_authenticates_with_its_own_identity_and_the_code_with_another()
    {
        var file = InfraTemplate.Project.File("consumer/consumer.module.bicep");
        var app = file.Resources.Single(r => r.Type == "Microsoft.App/containerApps" && !r.IsExisting);
        var rule = Assert.Single(Assert.IsType<BicepArray>(app.At("properties.template.scale.rules")).Items);
        var container = Assert.Single(Assert.IsType<BicepArray>(app.At("properties.template.containers")).Items);
        var clientId = Assert.IsType<BicepArray>(container.At("env")).Items.Single(e => file.ResolveString(e.At("name")) == "AZURE_CLIENT_ID");

        Assert.Equal("azure-servicebus", file.ResolveString(rule.At("custom.type")));
        Assert.Equal("scalerIdentity.id", Assert.IsType<BicepExpression>(rule.At("custom.identity")).Text);
        Assert.Equal("identity.properties.clientId", Assert.IsType<BicepExpression>(clientId.At("value")).Text);
        Assert.Null(rule.At("custom.auth"));
    }

    private static List<string> Describe(string path) =>
        RoleAssignmentReader.Read(InfraTemplate.Project.File(path))
            .Select(a => $"{a.RoleName} on {a.ScopeType} for {a.PrincipalSymbol}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
