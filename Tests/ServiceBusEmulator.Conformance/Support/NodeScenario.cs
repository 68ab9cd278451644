using System.Diagnostics;
using System.Text;

namespace ServiceBusEmulator.Conformance.Support;

/// <summary>
/// Runs one named scenario of <c>scenarios/run.js</c> (the official <c>@azure/service-bus</c> SDK from the repository's
/// node_modules) against a connection string. The process is killed, with its children, if it outlives the timeout
/// or the test fails.
/// </summary>
public static class NodeScenario
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string ScriptPath { get; } = Path.Combine(RepositoryRoot, "Tests", "ServiceBusEmulator.Conformance", "scenarios", "run.js");

    public static async Task<ScenarioResult> RunAsync(string scenario, string connectionString, TimeSpan timeout)
    {
        if (!Directory.Exists(Path.Combine(RepositoryRoot, "node_modules", "@azure", "service-bus")))
        {
            throw new InvalidOperationException($"@azure/service-bus is not installed: build the solution (it runs `npm ci`) or run `npm ci` in {RepositoryRoot}.");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ScriptPath)!,
        };
        start.ArgumentList.Add(ScriptPath);
        start.ArgumentList.Add(scenario);
        start.Environment["SERVICEBUS_CONNECTION_STRING"] = connectionString;

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var errors = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (errors) { errors.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            lock (errors)
            {
                errors.AppendLine($"(killed after {timeout.TotalSeconds:F0} s)");
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        process.WaitForExit(); // flushes the asynchronous output readers
        lock (output)
        {
            lock (errors)
            {
                return new ScenarioResult(process.ExitCode, output.ToString(), errors.ToString());
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !(File.Exists(Path.Combine(directory.FullName, "package.json")) && File.Exists(Path.Combine(directory.FullName, "Aspire.sln"))))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (package.json, Aspire.sln) was not found.");
    }
}
