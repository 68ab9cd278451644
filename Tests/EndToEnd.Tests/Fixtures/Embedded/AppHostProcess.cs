using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace EndToEnd.Tests.Fixtures.Embedded;

/// <summary>
/// The embedded AppHost as a child process (<c>dotnet AppHost.dll …</c>), its output kept for assertions and failure
/// messages. It gets the AppHost's own exit-with-parent startup hook, so a crashed test host still takes the AppHost
/// (and, through it, every resource) down. Dispose kills it if it is still running.
/// </summary>
public sealed class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppHostProcess(Process process) => _process = process;

    public static string AssemblyPath { get; } = typeof(AppHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "AppHostAssembly").Value!;

    public int ProcessId => _process.Id;

    public string Output => string.Join(Environment.NewLine, _output);

    public Task<int> Exited => _exited.Task;

    /// <summary>Raised for each output line.</summary>
    public event Action<string>? Line;

    public static AppHostProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(AssemblyPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["DOTNET_STARTUP_HOOKS"] = AssemblyPath;
        startInfo.Environment["APPHOST_EXIT_WITH_PARENT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var process = Process.Start(startInfo)!;
        var appHost = new AppHostProcess(process);
        void OnLine(string? line)
        {
            if (line is not null)
            {
                appHost._output.Enqueue(line);
                appHost.Line?.Invoke(line);
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += async (_, _) =>
        {
            await process.WaitForExitAsync();
            appHost._exited.TrySetResult(process.ExitCode);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return appHost;
    }

    /// <summary>Waits for the first output line matching <paramref name="predicate"/>; fails with the output so far.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(string line)
        {
            if (predicate(line))
            {
                found.TrySetResult(line);
            }
        }

        Line += Check;
        try
        {
            foreach (var line in _output)
            {
                Check(line);
            }

            var finished = await Task.WhenAny(found.Task, _exited.Task, Task.Delay(timeout));
            if (finished == found.Task)
            {
                return found.Task.Result;
            }

            throw new TimeoutException(finished == _exited.Task
                ? $"the AppHost exited with code {_exited.Task.Result}. Its output:{Environment.NewLine}{Output}"
                : $"no matching AppHost output within {timeout.TotalSeconds:0} s. Its output:{Environment.NewLine}{Output}");
        }
        finally
        {
            Line -= Check;
        }
    }

    /// <summary>Sends a signal (SIGTERM = 15, SIGKILL = 9) to the AppHost only, not to its children.</summary>
    public void Signal(int signal)
    {
        if (kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_exited.Task.IsCompleted)
        {
            Signal(15);
            if (await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(20))) != _exited.Task)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
