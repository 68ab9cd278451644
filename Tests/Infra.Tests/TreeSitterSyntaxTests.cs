using System.Diagnostics;
using System.Text.Json;

namespace Infra.Tests;

/// <summary>
/// A second, independent syntax check: the tree-sitter Bicep grammar (npm tree-sitter-bicep, which ships a
/// prebuilt parser) reads every file of infra/. It knows the whole Bicep grammar, where the C# reader knows
/// only the subset the checks need — but like the reader it is no compiler: it checks syntax, not types.
/// </summary>
public sealed class TreeSitterSyntaxTests
{
    private static readonly string Script = Path.Combine(RepositoryPaths.Root, "Tests", "Infra.Tests", "tools", "bicep-syntax.js");

    [Fact]
    public void Every_infra_file_parses_with_the_tree_sitter_Bicep_grammar()
    {
        var files = Directory.GetFiles(RepositoryPaths.Infra, "*.bicep", SearchOption.AllDirectories);

        var (count, errors) = Parse(files);

        Assert.Equal(files.Length, count);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Fact]
    public void A_file_with_a_syntax_error_is_reported_with_its_line()
    {
        var file = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.bicep");
        File.WriteAllText(file, "resource sb 'Microsoft.ServiceBus/namespaces@2024-01-01' = {\n  name: 'sb'\n  properties: {\n    disableLocalAuth: (true\n  }\n}\n");
        try
        {
            var (_, errors) = Parse([file]);

            Assert.Contains(errors, e => e.StartsWith($"{file}:4:", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static (int Files, List<string> Errors) Parse(IEnumerable<string> files)
    {
        Assert.True(
            File.Exists(Path.Combine(RepositoryPaths.Root, "node_modules", "tree-sitter-bicep", "package.json")),
            "node_modules has no tree-sitter-bicep: run `npm ci` at the repository root (the test project's build does it when missing).");

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Script);
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "node did not finish parsing within a minute");
            Assert.True(process.ExitCode == 0, $"node exited with {process.ExitCode}: {error.Result}");

            using var document = JsonDocument.Parse(output.Result);
            var errors = document.RootElement.GetProperty("errors").EnumerateArray()
                .Select(e => $"{e.GetProperty("file").GetString()}:{e.GetProperty("line").GetInt32()}:{e.GetProperty("column").GetInt32()} {e.GetProperty("problem").GetString()}")
                .ToList();
            return (document.RootElement.GetProperty("files").GetInt32(), errors);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
