using Infra.Tests.Bicep;

namespace Infra.Tests;

/// <summary>The reader itself: it must read every file of infra/ and refuse what it does not understand.</summary>
public sealed class BicepReaderTests
{
    [Fact]
    public void Reads_every_file_of_infra_and_finds_its_resources()
    {
        var project = BicepProject.Load(RepositoryPaths.Infra);

        Assert.Contains(project.Files, f => f.Path == "main.bicep" && f.TargetScope == "subscription");
        Assert.Single(project.DeclaredResourcesOfType("Microsoft.ServiceBus/namespaces/queues"));
        Assert.Equal(2, project.DeclaredResourcesOfType("Microsoft.App/containerApps").Count());
        Assert.All(project.Files.Where(f => f.Path != "main.bicep"), f => Assert.Null(f.TargetScope));
    }

    [Fact]
    public void Reads_nested_objects_arrays_strings_and_expressions()
    {
        var file = BicepFile.Parse("t.bicep", """
            @description('It\'s a name')
            param name string
            var plain = 'value'
            resource sb 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
              name: 'sb-${name}'
              tags: union(tags, {
                'azd-service-name': 'producer'
              })
              properties: {
                disableLocalAuth: true
                list: [
                  'a'
                  'b'
                ]
                count: 10
                reference: plain
              }
            }
            """);

        var resource = Assert.Single(file.Resources);
        Assert.Equal("Microsoft.ServiceBus/namespaces", resource.Type);
        Assert.Equal("2024-01-01", resource.ApiVersion);
        Assert.Null(Assert.IsType<BicepString>(resource.At("name")).Literal);
        Assert.Contains("'azd-service-name'", Assert.IsType<BicepExpression>(resource.At("tags")).Text);
        Assert.Equal("true", Assert.IsType<BicepLiteral>(resource.At("properties.disableLocalAuth")).Text);
        Assert.Equal(2, Assert.IsType<BicepArray>(resource.At("properties.list")).Items.Count);
        Assert.Equal("value", file.ResolveString(resource.At("properties.reference")));
        Assert.Equal("'It\\'s a name'", Assert.Single(file.Parameters).Decorators.Single().Arguments);
    }

    [Fact]
    public void Reads_conditional_existing_and_looped_declarations()
    {
        var file = BicepFile.Parse("t.bicep", """
            resource app 'Microsoft.App/containerApps@2024-10-02-preview' existing = if (exists) {
              name: name
            }
            resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [for (zoneName, i) in zoneNames: {
              name: zoneName
            }]
            module m 'x.bicep' = if (enabled) {
              name: 'm'
            }
            """);

        Assert.True(file.Resources[0].IsExisting);
        Assert.IsType<BicepConditional>(file.Resources[0].Body);
        Assert.IsType<BicepLoop>(file.Resources[1].Body);
        Assert.Equal("x.bicep", Assert.Single(file.Modules).Path);
    }

    [Theory]
    [InlineData("resource x 'Microsoft.Storage/storageAccounts' = {\n}\n", "no @apiVersion")]
    [InlineData("resource x 'T@1' = {\n  a: 1\n  a: 2\n}\n", "declared twice")]
    [InlineData("resource x 'T@1' = {\n  a: (1\n}\n", "unbalanced")]
    [InlineData("import 'x.bicep'\n", "unsupported statement")]
    [InlineData("var s = 'unterminated\n", "unterminated string")]
    public void Refuses_text_it_does_not_understand(string source, string reason)
    {
        var error = Assert.Throws<BicepSyntaxException>(() => BicepFile.Parse("bad.bicep", source));

        Assert.Contains(reason, error.Message);
    }
}
