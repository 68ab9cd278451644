using Infra.Tests.Rules;

namespace Infra.Tests;

/// <summary>No output of any file carries a secret: azd writes main's outputs to .azure/&lt;env&gt;/.env.</summary>
public sealed class OutputSecretValueTests
{
    private readonly OutputSecretValueRule _rule = new();

    [Fact]
    public void Azure_Deployment_OutputSecretValue()
    {
        Assert.NotEmpty(InfraTemplate.Project.Files.SelectMany(f => f.Outputs));
        var findings = _rule.Evaluate(InfraTemplate.Project);
        Assert.True(findings.Count == 0, string.Join(Environment.NewLine, findings));
    }

    [Theory]
    [InlineData("@secure()\noutput endpoint string = account.properties.endpoint\n", "is @secure()")]
    [InlineData("output keys object = account.listKeys()\n", "calls a list*() function")]
    [InlineData("output primary string = listKeys(account.id, '2023-05-01').keys[0].value\n", "calls a list*() function")]
    [InlineData("output SERVICEBUS_CONNECTION_STRING string = endpoint\n", "looks like a secret")]
    [InlineData("output telemetry string = applicationInsights.properties.ConnectionString\n", "looks like a secret")]
    [InlineData("output storageKey string = 'hard-coded'\n", "looks like a secret")]
    public void Azure_Deployment_OutputSecretValue__flags_secret_outputs(string snippet, string because) =>
        InfraTemplate.Flags(_rule, snippet, because);

    [Fact]
    public void Azure_Deployment_OutputSecretValue__lets_endpoints_and_names_through() =>
        InfraTemplate.Passes(_rule, "output SERVICEBUS_ENDPOINT string = namespace.properties.serviceBusEndpoint\noutput name string = namespace.name\n");
}
