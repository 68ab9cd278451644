using Infra.Tests.Compiler;
using Xunit.Abstractions;

namespace Infra.Tests;

/// <summary>
/// infra/ through the real Bicep compiler and linter, with the repository's bicepconfig.json: not one diagnostic of any
/// level. The compiler exits 0 on warnings, so these tests read what it says, and the two below prove that a warning
/// and a raised linter rule do reach them.
/// </summary>
public sealed class CompilerDiagnosticsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_infra_file_compiles_and_lints_without_a_single_diagnostic()
    {
        var compiled = await CompiledInfra.Instance;
        output.WriteLine($"bicep lint over infra/ and bicep build infra/main.bicep, side by side: {compiled.Duration.TotalSeconds:F1} s");

        Assert.True(compiled.Diagnostics.Count == 0, string.Join(Environment.NewLine, compiled.Diagnostics));
        Assert.NotEmpty(compiled.Root.AllResources());
    }

    [Fact]
    public async Task A_misspelt_property_is_reported_although_the_compiler_exits_zero()
    {
        using var scratch = new ScratchInfra();
        scratch.Write("namespace.bicep", """
            resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
              name: 'sb-misspelt'
              location: resourceGroup().location
              properties: {
                disableLocalAuthX: true
              }
            }
            """);

        var diagnostics = await BicepCompiler.LintAsync(scratch.Directory);

        Assert.Contains(diagnostics, d => d.Code is "BCP037" or "BCP089" && d.Message.Contains("disableLocalAuthX", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hard_coded_cloud_host_is_an_error_under_the_repository_configuration()
    {
        using var scratch = new ScratchInfra();
        scratch.Write("signin.bicep", """
            output signInHost string = 'login.microsoftonline.com'
            """);

        var diagnostics = await BicepCompiler.LintAsync(scratch.Directory);

        Assert.Contains(diagnostics, d => d.Code == "no-hardcoded-env-urls" && d.Level == "error");
    }

    [Fact]
    public async Task Names_module_parameters_and_outputs_that_do_not_exist_and_unused_parameters_are_reported()
    {
        // What a hand-written reader once checked here (undeclared names, module wiring, unused parameters): the
        // compiler and the repository's configuration report each as an error.
        using var scratch = new ScratchInfra();
        scratch.Write("main.bicep", """
            module child 'child.bicep' = {
              name: 'child'
              params: {
                wrongName: 'x'
              }
            }
            output value string = child.outputs.missing
            output other string = undeclaredName
            """);
        scratch.Write("child.bicep", """
            param required string
            param forgotten string = 'x'
            output present string = required
            """);

        var diagnostics = await BicepCompiler.LintAsync(scratch.Directory);

        Assert.Contains(diagnostics, d => d.Code == "BCP035" && d.Level == "error" && d.Message.Contains("\"required\"", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Code == "BCP037" && d.Level == "error" && d.Message.Contains("wrongName", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Code == "BCP053" && d.Level == "error" && d.Message.Contains("missing", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Code == "BCP057" && d.Level == "error" && d.Message.Contains("undeclaredName", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Code == "no-unused-params" && d.Level == "error" && d.Message.Contains("forgotten", StringComparison.Ordinal));
    }
}
