using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EndToEnd.Tests.Fixtures.Embedded;

namespace EndToEnd.Tests.Embedded;

/// <summary>Starting and stopping the embedded AppHost as a user does: each test runs its own AppHost.</summary>
public sealed class AppHostLifecycleTests
{
    private static readonly TimeSpan ProcessesGoneWithin = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(15, "SIGTERM")]
    [InlineData(2, "Ctrl+C (SIGINT)")]
    public async Task Stopping_the_AppHost_stops_every_process_of_the_topology(int signal, string how)
    {
        await using var app = new EmbeddedAppHostFixture();
        await app.InitializeAsync();
        var processIds = (await app.GetResourcesAsync()).Select(resource => resource.ProcessId!.Value).ToList();
        Assert.Equal(6, processIds.Count);
        Assert.All(processIds, id => Assert.True(IsRunning(id), $"{id} should run before {how}"));

        app.AppHost.Signal(signal);
        var exitCode = await app.AppHost.Exited.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, exitCode);
        await AssertAllGoneAsync(processIds, app.AppHost.Output);
        Assert.Contains("Stopped in", app.AppHost.Output);
    }

    [Fact]
    public async Task Killing_the_AppHost_outright_still_leaves_no_process_of_the_topology_behind()
    {
        await using var app = new EmbeddedAppHostFixture();
        await app.InitializeAsync();
        var processIds = (await app.GetResourcesAsync()).Select(resource => resource.ProcessId!.Value).ToList();

        app.AppHost.Signal(9);
        await app.AppHost.Exited.WaitAsync(TimeSpan.FromSeconds(30));

        await AssertAllGoneAsync(processIds, app.AppHost.Output);
    }

    [Fact]
    public async Task A_busy_dashboard_port_gives_one_clear_error_line_and_a_failing_exit_code()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;
        await using var appHost = AppHostProcess.Start(["--dashboard-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        var exitCode = await appHost.Exited.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        var errors = appHost.Output.Split('\n').Where(line => line.StartsWith("error:", StringComparison.Ordinal)).ToList();
        Assert.Contains($"port {port} on 127.0.0.1 is in use", Assert.Single(errors));
        Assert.DoesNotContain("   at ", appHost.Output);
    }

    [Fact]
    public async Task A_missing_Node_js_gives_one_clear_error_line_and_starts_nothing_that_stays()
    {
        // The dotnet host is started by full path, so an empty PATH hides only Node.js.
        var emptyDirectory = Directory.CreateTempSubdirectory("no-node-");
        try
        {
            await using var appHost = AppHostProcess.Start(["--dashboard-port", "0"], new Dictionary<string, string> { ["PATH"] = emptyDirectory.FullName });

            var exitCode = await appHost.Exited.WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(1, exitCode);
            var error = Assert.Single(appHost.Output.Split('\n'), line => line.StartsWith("error:", StringComparison.Ordinal));
            Assert.Contains("Node.js", error);
            Assert.DoesNotContain("   at ", appHost.Output);
            Assert.Contains("servicebus  Service Bus emulator  Exited", appHost.Output);
        }
        finally
        {
            emptyDirectory.Delete();
        }
    }

    private static async Task AssertAllGoneAsync(IReadOnlyList<int> processIds, string output)
    {
        var deadline = DateTime.UtcNow + ProcessesGoneWithin;
        while (processIds.Any(IsRunning) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        var left = processIds.Where(IsRunning).ToList();
        Assert.True(left.Count == 0, $"still running: {string.Join(", ", left)}. AppHost output:{Environment.NewLine}{output}");
    }

    /// <summary>Running and not a zombie (an exited child not yet reaped by its parent is gone for every purpose here).</summary>
    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            if (process.HasExited)
            {
                return false;
            }

            var status = File.ReadAllText($"/proc/{processId}/stat");
            return status[(status.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or IOException)
        {
            return false;
        }
    }
}
