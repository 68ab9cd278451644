using Infra.Tests.Bicep;

namespace Infra.Tests;

/// <summary>No file uses a name it does not declare, and none declares a param or var it never uses.</summary>
public sealed class SymbolReferenceTests
{
    [Fact]
    public void Every_name_an_expression_uses_is_declared_BCP057()
    {
        var problems = InfraTemplate.Project.Files.SelectMany(SymbolReferences.Undeclared).ToList();

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_param_and_var_is_used__linter_no_unused_params_and_no_unused_vars()
    {
        var problems = InfraTemplate.Project.Files.SelectMany(SymbolReferences.Unused).ToList();

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Undeclared_names_and_unknown_functions_are_reported_wherever_they_hide()
    {
        var file = BicepFile.Parse("t.bicep", """
            param location string
            var names = [
              'a'
            ]
            resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [for (zoneName, i) in names: {
              name: '${zoneName}-${missingInString}'
              location: locaton
              tags: unoin(tags, {
                key: 'value'
              })
              properties: {
                id: zones[i].id
                flag: ready ? 'yes' : 'no'
              }
            }]
            """);

        var problems = SymbolReferences.Undeclared(file);

        Assert.Equal(
            [
                "t.bicep:13: undeclared name 'ready'",
                "t.bicep:6: undeclared name 'missingInString'",
                "t.bicep:7: undeclared name 'locaton'",
                "t.bicep:8: undeclared name 'tags'",
                "t.bicep:8: unknown function 'unoin'",
            ],
            problems.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Unused_params_and_vars_are_reported()
    {
        var file = BicepFile.Parse("t.bicep", """
            param used string
            param forgotten string
            var alsoForgotten = 'x'
            output value string = used
            """);

        Assert.Equal(["t.bicep:2: param forgotten is never used", "t.bicep:3: var alsoForgotten is never used"], SymbolReferences.Unused(file));
    }
}
