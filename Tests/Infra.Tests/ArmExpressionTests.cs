using System.Text.Json;
using Infra.Tests.Compiler;

namespace Infra.Tests;

/// <summary>The reader of compiled expressions the checks stand on: parsing, and following parameters and variables.</summary>
public sealed class ArmExpressionTests
{
    [Theory]
    [InlineData("[format('{0}/{1}', parameters('name'), 'store-events')]", "format('{0}/{1}', parameters('name'), 'store-events')")]
    [InlineData("[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', parameters('identityName')), '2023-01-31').principalId]", "reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', parameters('identityName')), '2023-01-31').principalId")]
    [InlineData("[split(environment().authentication.loginEndpoint, '/')[2]]", "split(environment().authentication.loginEndpoint, '/')[2]")]
    [InlineData("[variables('zoneNames')[copyIndex()]]", "variables('zoneNames')[copyIndex()]")]
    [InlineData("['it''s']", "'it''s'")]
    public void Parses_and_prints_back_the_same_expression(string value, string expected) =>
        Assert.Equal(expected, ArmExpression.FromValue(value)!.ToString());

    [Theory]
    [InlineData("plain")]
    [InlineData("[[not an expression]")]
    public void A_plain_or_escaped_string_is_no_expression(string value) => Assert.Null(ArmExpression.FromValue(value));

    [Theory]
    [InlineData("[format('{0}', ]")]
    [InlineData("[concat('a']")]
    [InlineData("[concat('a') extra]")]
    public void Malformed_expressions_are_errors_not_guesses(string value) =>
        Assert.Throws<FormatException>(() => ArmExpression.FromValue(value));

    [Fact]
    public void A_module_reads_its_parameters_as_the_parent_passes_them_and_its_variables_and_defaults()
    {
        using var main = JsonDocument.Parse("""
            {
              "variables": { "suffix": "events" },
              "resources": [
                {
                  "type": "Microsoft.Resources/deployments",
                  "name": "child",
                  "properties": {
                    "parameters": { "prefix": { "value": "[format('store-{0}', variables('suffix'))]" }, "unknown": { "value": "[uniqueString(resourceGroup().id)]" } },
                    "template": {
                      "parameters": { "prefix": { "type": "string" }, "unknown": { "type": "string" }, "zone": { "type": "string", "defaultValue": "[format('privatelink.blob.{0}', environment().suffixes.storage)]" } },
                      "variables": { "queue": "[parameters('prefix')]" },
                      "resources": [
                        { "type": "Microsoft.ServiceBus/namespaces/queues", "name": "[format('{0}/{1}', parameters('unknown'), variables('queue'))]" }
                      ],
                      "outputs": { "zone": { "type": "string", "value": "[parameters('zone')]" } }
                    }
                  }
                }
              ]
            }
            """);
        var child = ArmDeployment.Root(main.RootElement).Module("child");
        var queue = Assert.Single(child.Resources);

        Assert.Equal("main/child", child.Path);
        Assert.Equal("store-events", queue.OwnName);
        Assert.Null(queue.Name);
        Assert.Null(queue.ParentName);
        Assert.Equal("privatelink.blob.core.windows.net", child.Resolve(child.Template.GetProperty("outputs").GetProperty("zone").GetProperty("value")));
        Assert.Equal("?/store-events", child.Sketch(queue.Json.GetProperty("name")));
    }
}
