using System.ComponentModel;
using System.Diagnostics;

namespace AppHost.Orchestration;

/// <summary>
/// A .NET program the AppHost runs (<c>dotnet some.dll</c>): its output lines go to a callback, its stdin stays open
/// as a lifeline (see <see cref="ExitWithParent"/>), and it is stopped with SIGTERM, then killed with its whole tree
/// if it does not exit within the grace period.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process) => _process = process;

    public int ProcessId => _process.Id;

    /// <summary>Completes with the exit code when the process has exited and its output has been read.</summary>
    public Task<int> Exited => _exited.Task;

    /// <exception cref="InvalidOperationException">The program could not be started (the message says which and why).</exception>
    public static ChildProcess Start(
        string assemblyPath,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?> environment,
        string workingDirectory,
        Action<string> onOutputLine)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new InvalidOperationException($"{assemblyPath} does not exist: build the AppHost first (`dotnet build AppHost`).");
        }

        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(assemblyPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        ExitWithParent.Apply(startInfo);
        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{assemblyPath} did not start");
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException($"cannot start {startInfo.FileName} {assemblyPath}: {exception.Message}", exception);
        }

        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onOutputLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onOutputLine(e.Data); };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => _ = child.ReportExitAsync();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGTERM, then after <paramref name="grace"/> a kill of the whole process tree.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_exited.Task.IsCompleted)
        {
            return;
        }

        if (SignalSender.Terminate(_process.Id))
        {
            var finished = await Task.WhenAny(_exited.Task, Task.Delay(grace)).ConfigureAwait(false);
            if (finished == _exited.Task)
            {
                return;
            }
        }

        Kill();
        await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task ReportExitAsync()
    {
        try
        {
            // Drains the redirected output so the last lines are delivered before the exit is reported.
            await _process.WaitForExitAsync().ConfigureAwait(false);
            _exited.TrySetResult(_process.ExitCode);
        }
        catch (InvalidOperationException)
        {
            _exited.TrySetResult(-1);
        }
    }

    /// <summary>The dotnet host running the AppHost, so children use the same runtime; `dotnet` on PATH otherwise.</summary>
    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
