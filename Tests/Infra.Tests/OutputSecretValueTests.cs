using Infra.Tests.Compiler;
using Infra.Tests.Rules;

namespace Infra.Tests;

/// <summary>No output of any deployment carries a secret: azd writes main's outputs to .azure/&lt;env&gt;/.env.</summary>
public sealed class OutputSecretValueTests
{
    // What the snippets below read from.
    private const string Declarations = """
        param endpoint string
        resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
          name: 'st'
        }
        resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
          name: 'sb'
        }
        resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
          name: 'appi'
        }

        """;

    private readonly OutputSecretValueRule _rule = new();

    [Fact]
    public async Task Azure_Deployment_OutputSecretValue()
    {
        var root = (await CompiledInfra.Instance).Root;

        Assert.NotEmpty(OutputSecretValueRule.Outputs(root));
        var findings = _rule.Evaluate(root);
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    [Fact]
    public Task Azure_Deployment_OutputSecretValue__flags_secret_outputs_and_lets_endpoints_and_names_through() =>
        InfraTemplate.CheckAsync(
            _rule,
            (Declarations + "@secure()\noutput value string = account.properties.primaryEndpoints.blob\n", "is @secure()"),
            (Declarations + "output keys object = account.listKeys()\n", "calls a list*() function"),
            (Declarations + "output primary string = listKeys(account.id, '2023-05-01').keys[0].value\n", "calls a list*() function"),
            (Declarations + "output SERVICEBUS_CONNECTION_STRING string = endpoint\n", "looks like a secret"),
            (Declarations + "output telemetry string = applicationInsights.properties.ConnectionString\n", "looks like a secret"),
            (Declarations + "output storageKey string = 'hard-coded'\n", "looks like a secret"),
            (Declarations + "output blobSas string = endpoint\n", "looks like a secret"),
            (Declarations + "output SAS_URL string = endpoint\n", "looks like a secret"),
            (Declarations + "output SERVICEBUS_ENDPOINT string = namespace.properties.serviceBusEndpoint\noutput name string = namespace.name\noutput given string = endpoint\noutput DISASTER_RECOVERY_ALIAS string = endpoint\n", null));
}
