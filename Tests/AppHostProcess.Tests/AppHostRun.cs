using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace AppHostProcess.Tests;

/// <summary>
/// <c>dotnet run --no-build --project AppHost</c> as a user runs it in a terminal: under <c>script</c>, which gives it a
/// pseudo-terminal, so Ctrl+C can be typed (a background job of a non-interactive shell ignores SIGINT, a terminal's
/// foreground job does not). Every port is picked by the system (no launch profile; URLs on 127.0.0.1 port 0), so a
/// run never collides with another graph. Resource states come from the snapshots the AppHost logs at Trace level.
/// Dispose kills, by pid, whatever is left of the graph, also when a test failed half-way.
/// </summary>
public sealed partial class AppHostRun : IAsyncDisposable
{
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    /// <summary>What AppHost/Program.cs declares: resource name → instances.</summary>
    public static readonly IReadOnlyDictionary<string, int> ExpectedInstances = new Dictionary<string, int>
    {
        ["servicebus"] = 1,
        ["blobs"] = 1,
        ["cosmos"] = 1,
        ["producer"] = 1,
        ["consumer"] = 2,
    };

    /// <summary>A stop took 13–16 s here, mostly the services' own shutdown; 60 s says "it stops", not "it is fast"
    /// (speed is the benchmark's business: Tests/Benchmarks/aspire-apphost-startup.sh).</summary>
    public static readonly TimeSpan StopBound = TimeSpan.FromSeconds(60);

    /// <summary>Healthy took 13–29 s here, on 2 cores shared with other builds.</summary>
    public static readonly TimeSpan BootBound = TimeSpan.FromMinutes(3);

    /// <summary>A part of a command line → how many processes of a healthy graph have it.</summary>
    private static readonly Dictionary<string, int> WholeGraph = new()
    {
        ["dotnet run --no-build --no-launch-profile"] = 1,
        ["AppHost/bin/"] = 1,
        ["dcp start-apiserver"] = 1,
        ["dcp run-controllers"] = 1,
        ["Aspire.Dashboard"] = 1,
        ["ServiceBusEmulator.dll"] = 1,
        ["azurite"] = 1,
        ["cosmos-emulator.js"] = 1,
        ["dotnet run --project"] = 3,
        ["Producer/bin/"] = 1,
        ["Consumer/bin/"] = 2,
        ["dcp monitor-process"] = 7,
    };

    private readonly Process _terminal;
    private readonly GraphProcess _launcher;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentDictionary<(int Pid, ulong StartTime), GraphProcess> _seen = new();
    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();

    private AppHostRun(Process terminal)
    {
        _terminal = terminal;
        _launcher = ProcessTable.ReadStat(terminal.Id) is { } stat
            ? new GraphProcess(terminal.Id, stat.StartTime, "script (the terminal)")
            : throw new InvalidOperationException("script exited at once");
    }

    public ResourceSnapshots Resources { get; } = new();

    public TimeSpan SinceStart => _sinceStart.Elapsed;

    public static AppHostRun Start()
    {
        var root = AssemblyMetadata("RepositoryRoot");
        var command = string.Join(' ',
            "exec dotnet run --no-build --no-launch-profile",
            $"--configuration {AssemblyMetadata("Configuration")} --project '{Path.Combine(root, "AppHost")}'",
            "-- --Logging:LogLevel:Aspire.Hosting.ApplicationModel.ResourceNotificationService=Trace");
        var startInfo = new ProcessStartInfo("script")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--quiet", "--flush", "--return", "--command", command, "/dev/null" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Development";
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        startInfo.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        startInfo.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://127.0.0.1:0";
        startInfo.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = "http://127.0.0.1:0";
        startInfo.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        startInfo.Environment["Logging__Console__ColorBehavior"] = "Disabled";

        var terminal = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start script");
        var run = new AppHostRun(terminal);
        terminal.OutputDataReceived += (_, e) => run.OnLine(e.Data);
        terminal.ErrorDataReceived += (_, e) => run.OnLine(e.Data);
        terminal.BeginOutputReadLine();
        terminal.BeginErrorReadLine();
        return run;
    }

    public bool HasExited => _terminal.HasExited;

    /// <summary>The AppHost process itself (below the <c>dotnet run</c> launcher), as the pid it tells DCP to monitor.</summary>
    public async Task<int> AppHostPidAsync() =>
        int.Parse((await WaitForOutputAsync(DcpMonitor(), TimeSpan.FromMinutes(2))).Groups[1].Value, CultureInfo.InvariantCulture);

    public async Task<Uri> LoginUrlAsync() => new((await WaitForOutputAsync(LoginUrl(), TimeSpan.FromMinutes(2))).Groups[1].Value);

    /// <summary>Waits until every resource of <see cref="ExpectedInstances"/> is Running and Healthy in every instance.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!IsEveryResourceHealthy())
        {
            if (_terminal.HasExited || deadline.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"{(_terminal.HasExited ? $"the AppHost exited with {_terminal.ExitCode}" : $"not all healthy within {timeout.TotalSeconds:0} s")}; " +
                    $"resources: [{string.Join("; ", Resources.Visible())}]{Environment.NewLine}{OutputTail()}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Every process of the run right now (also remembered for Dispose).</summary>
    public async Task<IReadOnlyList<GraphProcess>> CaptureGraphAsync()
    {
        var graph = ProcessTable.GraphOf(_launcher, await AppHostPidAsync());
        foreach (var process in graph)
        {
            _seen.TryAdd((process.Pid, process.StartTime), process);
        }

        return graph;
    }

    /// <summary>Waits until none of <paramref name="graph"/> runs and no process of the run is left (a process started
    /// after the capture included); returns the time that took, or the processes still running after <paramref name="bound"/>.</summary>
    public async Task<(TimeSpan Elapsed, IReadOnlyList<GraphProcess> Left)> WaitUntilGoneAsync(IReadOnlyList<GraphProcess> graph, TimeSpan bound)
    {
        var appHostPid = await AppHostPidAsync();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var left = graph.Where(process => process.IsAlive)
                .Concat(ProcessTable.GraphOf(_launcher, appHostPid))
                .DistinctBy(process => (process.Pid, process.StartTime))
                .ToList();
            if (left.Count == 0 || clock.Elapsed > bound)
            {
                return (clock.Elapsed, left);
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits for the whole graph to go; fails listing what is left. Reports the time it took.</summary>
    public async Task AssertNoProcessLeftAsync(IReadOnlyList<GraphProcess> graph, string how, ITestOutputHelper output)
    {
        // The capture must hold the whole graph, or "nothing left" proves little.
        foreach (var part in WholeGraph)
        {
            Assert.True(graph.Count(process => process.CommandLine.Contains(part.Key, StringComparison.Ordinal)) >= part.Value,
                $"the captured graph lacks {part.Value} × '{part.Key}':{Environment.NewLine}{string.Join(Environment.NewLine, graph)}");
        }

        var (elapsed, left) = await WaitUntilGoneAsync(graph, StopBound);
        Assert.True(left.Count == 0,
            $"{left.Count} of the graph's processes still run {StopBound.TotalSeconds:0} s after {how}:{Environment.NewLine}" +
            $"{string.Join(Environment.NewLine, left)}{Environment.NewLine}{OutputTail()}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{how} → none of the graph's {graph.Count} processes left: {elapsed.TotalMilliseconds:0} ms (load average {File.ReadAllText("/proc/loadavg").Trim()})"));
    }

    public static void Signal(int pid, int signal)
    {
        if (kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Types Ctrl+C: the terminal's line discipline turns it into SIGINT for its foreground process group.</summary>
    public void PressCtrlC()
    {
        _terminal.StandardInput.Write('\u0003');
        _terminal.StandardInput.Flush();
    }

    /// <summary>The last lines the run printed, without the resource snapshots (hundreds of long lines).</summary>
    public string OutputTail(int lines = 60) =>
        string.Join(Environment.NewLine, _output.Where(line => !line.Contains("update published:", StringComparison.Ordinal)
            && !line.StartsWith("trce:", StringComparison.Ordinal)).TakeLast(lines).Select(line => line.Length > 400 ? line[..400] + "…" : line));

    public async ValueTask DisposeAsync()
    {
        var left = _seen.Values.Where(process => process.IsAlive).ToList();
        if (_output.Any(line => DcpMonitor().IsMatch(line)))
        {
            left.AddRange(await CaptureGraphAsync());
        }

        foreach (var process in left.Where(process => process.IsAlive))
        {
            kill(process.Pid, SIGKILL);
        }

        if (!_terminal.HasExited)
        {
            _terminal.Kill(entireProcessTree: true);
        }

        await _terminal.WaitForExitAsync();
        _terminal.Dispose();
    }

    private bool IsEveryResourceHealthy()
    {
        var visible = Resources.Visible();
        return ExpectedInstances.All(expected =>
            visible.Count(instance => instance.Name == expected.Key && instance.IsRunningAndHealthy) == expected.Value);
    }

    private async Task<Match> WaitForOutputAsync(Regex pattern, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            foreach (var line in _output)
            {
                if (pattern.Match(line) is { Success: true } match)
                {
                    return match;
                }
            }

            if (_terminal.HasExited || clock.Elapsed > timeout)
            {
                throw new TimeoutException($"no output matching {pattern} ({(_terminal.HasExited ? "the AppHost exited" : $"within {timeout.TotalSeconds:0} s")}){Environment.NewLine}{OutputTail()}");
            }

            await Task.Delay(100);
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        line = line.TrimEnd('\r');
        _output.Enqueue(line);
        Resources.Observe(line);
    }

    /// <summary>A build fact the project file stamps into this assembly (RepositoryRoot, Configuration).</summary>
    internal static string AssemblyMetadata(string key) =>
        typeof(AppHostRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == key).Value!;

    [GeneratedRegex(@"Starting DCP with arguments: .*--monitor (\d+)")]
    private static partial Regex DcpMonitor();

    [GeneratedRegex(@"Login to the dashboard at (\S+)")]
    private static partial Regex LoginUrl();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
