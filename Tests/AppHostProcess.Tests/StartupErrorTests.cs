using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AppHostProcess.Tests;

/// <summary>
/// What a user sees when the graph cannot start: one line saying what to do and exit code 1 — no stack trace, and no
/// graph that starts anyway and looks healthy while nothing can reach it.
/// </summary>
public sealed class StartupErrorTests
{
    private static readonly TimeSpan ExitBound = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_dashboard_port_in_use_stops_the_AppHost_with_one_line_naming_the_port()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var (exitCode, output) = await RunAppHostAsync(Environment.GetEnvironmentVariable("PATH")!, ("ASPNETCORE_URLS", $"http://127.0.0.1:{port}"));

        Assert.Equal(1, exitCode);
        var error = Assert.Single(output.Split('\n'), line => line.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains($"127.0.0.1:{port} (ASPNETCORE_URLS) is already in use", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_Node_js_on_PATH_the_AppHost_stops_with_one_line_saying_to_install_it()
    {
        // A PATH holding dotnet and nothing else.
        var bin = Directory.CreateTempSubdirectory("apphost-no-node-");
        try
        {
            File.CreateSymbolicLink(Path.Combine(bin.FullName, "dotnet"), DotnetHost);

            var (exitCode, output) = await RunAppHostAsync(bin.FullName, ("ASPNETCORE_URLS", "http://127.0.0.1:0"));

            Assert.Equal(1, exitCode);
            var error = Assert.Single(output.Split('\n'), line => line.StartsWith("error:", StringComparison.Ordinal));
            Assert.Contains("Node.js was not found on PATH: install Node.js 20 or later", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }
        finally
        {
            bin.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAppHostAsync(string path, params (string Name, string Value)[] environment)
    {
        var root = AppHostRun.AssemblyMetadata("RepositoryRoot");
        var startInfo = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };

        foreach (var argument in new[] { "run", "--no-build", "--no-launch-profile", "--configuration", AppHostRun.AssemblyMetadata("Configuration"), "--project", Path.Combine(root, "AppHost") })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["PATH"] = path;
        startInfo.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(DotnetHost);
        startInfo.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = "http://127.0.0.1:0";
        startInfo.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = "http://127.0.0.1:0";
        startInfo.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(ExitBound);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the AppHost was still running after {ExitBound.TotalSeconds:0} s:\n{await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The dotnet host running these tests (testhost runs under it), its links resolved.</summary>
    private static string DotnetHost =>
        new FileInfo(Environment.ProcessPath!).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Environment.ProcessPath!;
}
