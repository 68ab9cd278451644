using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace Infra.Tests.Compiler;

/// <summary>
/// The real Bicep compiler (NuGet package Azure.Bicep.CommandLine.linux-x64, pinned in Infra.Tests.csproj and put in
/// the NuGet cache by restore). Always offline (<c>--no-restore</c>), and read through its SARIF diagnostics: it exits 0
/// on warnings, so its exit code alone would pass a misspelt property.
/// </summary>
public static class BicepCompiler
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string ExecutablePath { get; } = FindExecutable();

    /// <summary>Lints every file under <paramref name="directory"/> in one process (one per file is ~7× slower).</summary>
    public static async Task<IReadOnlyList<BicepDiagnostic>> LintAsync(string directory)
    {
        var result = await RunAsync(directory, "lint", "--pattern", "**/*.bicep", "--no-restore", "--diagnostics-format", "sarif");
        return BicepDiagnostic.ParseSarifStream(result.StandardOutput + result.StandardError);
    }

    /// <summary>Compiles <paramref name="file"/> to its ARM JSON (modules inlined as nested deployments).</summary>
    public static async Task<(JsonDocument Template, IReadOnlyList<BicepDiagnostic> Diagnostics)> BuildAsync(string file)
    {
        var output = Path.Combine(Path.GetTempPath(), $"bicep-{Guid.NewGuid():N}.json");
        try
        {
            var result = await RunAsync(Path.GetDirectoryName(file)!, "build", file, "--outfile", output, "--no-restore", "--diagnostics-format", "sarif");
            var diagnostics = BicepDiagnostic.ParseSarifStream(result.StandardOutput + result.StandardError);
            if (!File.Exists(output))
            {
                throw new InvalidOperationException($"bicep build {file} wrote no template (exit {result.ExitCode}):{Environment.NewLine}{string.Join(Environment.NewLine, diagnostics)}{result.StandardError}");
            }

            return (JsonDocument.Parse(await File.ReadAllTextAsync(output)), diagnostics);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>
    /// Compiles every file under <paramref name="directory"/> that matches <paramref name="pattern"/> in one process, each
    /// to a .json next to it: one process for several templates costs little more than one for one (~5 s for six copies
    /// of infra/, against ~3.5 s each apart).
    /// </summary>
    public static async Task<IReadOnlyList<BicepDiagnostic>> BuildAllAsync(string directory, string pattern)
    {
        var result = await RunAsync(directory, "build", "--pattern", pattern, "--no-restore", "--diagnostics-format", "sarif");
        return BicepDiagnostic.ParseSarifStream(result.StandardOutput + result.StandardError);
    }

    private static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry and no first-run work: the tests must not reach the network.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {ExecutablePath}");
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout.TotalSeconds} s");
        }

        return (process.ExitCode, await standardOutput, await standardError);
    }

    private static string FindExecutable()
    {
        var path = typeof(BicepCompiler).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepCompiler")?.Value
            ?? throw new InvalidOperationException("Infra.Tests was built without the BicepCompiler metadata (see Infra.Tests.csproj)");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The Bicep compiler is not where restore puts it: {path}. Run `dotnet restore Tests/Infra.Tests`.", path);
        }

        // NuGet keeps the executable bit today; restore it if an extraction ever drops it.
        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        }

        return path;
    }
}
