using System.Diagnostics;
using System.Text.Json;

namespace Infra.Tests.Compiler;

/// <summary>
/// infra/ through the real compiler, once per test run: the lint diagnostics of every file and main.bicep compiled to
/// ARM JSON, the template Azure would be given.
/// </summary>
public sealed class CompiledInfra
{
    private static readonly Lazy<Task<CompiledInfra>> Compiled = new(CompileAsync);

    private CompiledInfra(IReadOnlyList<BicepDiagnostic> diagnostics, JsonDocument main, TimeSpan duration)
    {
        Diagnostics = diagnostics;
        Main = main;
        Duration = duration;
    }

    public static Task<CompiledInfra> Instance => Compiled.Value;

    /// <summary>Every diagnostic of `bicep lint` over infra/ and of `bicep build infra/main.bicep`.</summary>
    public IReadOnlyList<BicepDiagnostic> Diagnostics { get; }

    public JsonDocument Main { get; }

    /// <summary>main.bicep's template as the root deployment, to walk its modules with the parameters each is given.</summary>
    public ArmDeployment Root => ArmDeployment.Root(Main.RootElement);

    /// <summary>Wall time of the lint and the build, run side by side.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The module deployment named <paramref name="name"/> at the top of main.bicep's template.</summary>
    public JsonElement Deployment(string name) =>
        ArmTemplate.Resources(Main.RootElement)
            .Single(r => r.GetProperty("type").GetString() == "Microsoft.Resources/deployments" && r.GetProperty("name").GetString() == name);

    private static async Task<CompiledInfra> CompileAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        var lint = BicepCompiler.LintAsync(RepositoryPaths.Infra);
        var build = BicepCompiler.BuildAsync(Path.Combine(RepositoryPaths.Infra, "main.bicep"));
        await Task.WhenAll(lint, build);
        var (main, buildDiagnostics) = await build;
        return new CompiledInfra((await lint).Concat(buildDiagnostics).Distinct().ToList(), main, stopwatch.Elapsed);
    }
}
