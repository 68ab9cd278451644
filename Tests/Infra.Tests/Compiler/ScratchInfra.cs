using System.Text.Json;

namespace Infra.Tests.Compiler;

/// <summary>
/// A temporary folder of Bicep files next to a copy of infra/bicepconfig.json, for tests that show a check failing on a
/// small bad template compiled by the real compiler. Deleted on dispose.
/// </summary>
public sealed class ScratchInfra : IDisposable
{
    public ScratchInfra(bool withRepositoryConfiguration = true)
    {
        Directory = Path.Combine(Path.GetTempPath(), $"infra-scratch-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        if (withRepositoryConfiguration)
        {
            File.Copy(Path.Combine(RepositoryPaths.Infra, "bicepconfig.json"), Path.Combine(Directory, "bicepconfig.json"));
        }
    }

    public string Directory { get; }

    public void Write(string name, string bicep)
    {
        var path = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, bicep);
    }

    /// <summary>
    /// Compiles each template as the main.bicep of its own folder, all in one compiler process, under the compiler's
    /// default configuration (the repository's raises linter rules to errors, which would stop a deliberately bad
    /// template from compiling). A compile error fails the caller at once: a check that "flags" a template the compiler
    /// refuses proves nothing.
    /// </summary>
    public static async Task<IReadOnlyList<ArmDeployment>> CompileAllAsync(IReadOnlyList<string> templates)
    {
        using var scratch = new ScratchInfra(withRepositoryConfiguration: false);
        for (var i = 0; i < templates.Count; i++)
        {
            scratch.Write(Path.Combine($"variant-{i}", "main.bicep"), templates[i]);
        }

        return await scratch.CompileVariantsAsync(templates.Count);
    }

    /// <summary>
    /// Compiles copies of infra/, each with one file changed (<c>Original</c> replaced by <c>Changed</c>; the text must be
    /// there, so a test built on it cannot pass by changing nothing), all in one compiler process.
    /// </summary>
    public static async Task<IReadOnlyList<ArmDeployment>> CompileInfraVariantsAsync(IReadOnlyList<(string RelativePath, string Original, string Changed)> changes)
    {
        using var scratch = new ScratchInfra(withRepositoryConfiguration: false);
        for (var i = 0; i < changes.Count; i++)
        {
            var variant = Path.Combine(scratch.Directory, $"variant-{i}");
            foreach (var source in System.IO.Directory.EnumerateFiles(RepositoryPaths.Infra, "*.bicep", SearchOption.AllDirectories))
            {
                var target = Path.Combine(variant, Path.GetRelativePath(RepositoryPaths.Infra, source));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target);
            }

            var (relativePath, original, changed) = changes[i];
            var file = Path.Combine(variant, relativePath);
            var text = await File.ReadAllTextAsync(file);
            Assert.Contains(original, text);
            await File.WriteAllTextAsync(file, text.Replace(original, changed, StringComparison.Ordinal));
        }

        return await scratch.CompileVariantsAsync(changes.Count);
    }

    private async Task<IReadOnlyList<ArmDeployment>> CompileVariantsAsync(int count)
    {
        var diagnostics = await BicepCompiler.BuildAllAsync(Directory, "variant-*/main.bicep");
        var errors = diagnostics.Where(d => d.Level == "error").ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));

        var compiled = new List<ArmDeployment>();
        for (var i = 0; i < count; i++)
        {
            using var template = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Directory, $"variant-{i}", "main.json")));
            compiled.Add(ArmDeployment.Root(template.RootElement.Clone()));
        }

        return compiled;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
