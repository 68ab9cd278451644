using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace NodeEmulators;

/// <summary>
/// One emulator running under Node.js: starts it, waits for the line that says it listens (and on which port),
/// keeps its recent output for error messages, and stops it with its whole process tree.
/// </summary>
internal sealed class NodeEmulatorProcess : IAsyncDisposable
{
    private const int OutputLinesKept = 40;

    private readonly Process _process;
    private readonly Queue<string> _recentOutput = new();
    private bool _stopped;

    private NodeEmulatorProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The port the emulator listens on, as it reported it.</summary>
    public int Port { get; private set; }

    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts <paramref name="script"/> (relative to the repository root) with Node.js and waits until a line of its
    /// output matches <paramref name="readyLine"/>, whose group <c>port</c> is the port it listens on.
    /// </summary>
    public static async Task<NodeEmulatorProcess> StartAsync(
        string emulatorName,
        string script,
        IEnumerable<string> arguments,
        Regex readyLine,
        NodeEmulatorOptions options,
        CancellationToken cancellationToken)
    {
        var root = options.RepositoryRoot ?? BuiltRepositoryRoot();
        var scriptPath = Path.GetFullPath(Path.Combine(root, script));
        if (!File.Exists(scriptPath))
        {
            throw new NodeEmulatorException(
                $"{emulatorName} is not installed: {scriptPath} is missing. Build the solution (it runs `npm ci`) or run `npm ci` in {root}.");
        }

        var startInfo = new ProcessStartInfo(options.NodeExecutable)
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("--require");
        startInfo.ArgumentList.Add(Path.Combine(root, "Emulators", "NodeEmulators", "exit-with-parent.js"));
        startInfo.ArgumentList.Add(scriptPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new NodeEmulatorException($"{emulatorName}: Node.js did not start.");
        }
        catch (Win32Exception exception)
        {
            throw new NodeEmulatorException(
                $"Node.js ('{options.NodeExecutable}') was not found on PATH; install Node.js 20 or later to run {emulatorName}.", exception);
        }

        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var emulator = new NodeEmulatorProcess(process);
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            emulator.Remember(line);
            options.OutputLine?.Invoke(line);
            var match = readyLine.Match(line);
            if (match.Success)
            {
                ready.TrySetResult(int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.EnableRaisingEvents = true;
        var where = options.Port == 0 ? $"{options.Host} (a free port)" : $"{options.Host}:{options.Port}";
        process.Exited += (_, _) =>
        {
            if (ready.Task.IsCompleted)
            {
                // Stopped (or crashed) after it started: nobody is waiting for the start any more.
                return;
            }

            try
            {
                // Drain the output streams first so that the error message holds the emulator's last words.
                process.WaitForExit();
            }
            catch (InvalidOperationException)
            {
                // Disposed meanwhile (the start was cancelled): the output kept so far will do.
            }

            var portInUse = emulator.OutputContains("EADDRINUSE") || emulator.OutputContains("port in use");
            ready.TrySetException(new NodeEmulatorException(
                $"{emulatorName} exited before it listened on {where}{(portInUse ? " (the port is in use)" : "")}. "
                + $"Its output:{Environment.NewLine}{emulator.RecentOutput}"));
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            emulator.Port = await ready.Task.WaitAsync(options.StartTimeout, cancellationToken).ConfigureAwait(false);
            return emulator;
        }
        catch (TimeoutException)
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw new NodeEmulatorException(
                $"{emulatorName} did not report listening on {where} within {options.StartTimeout.TotalSeconds:0} s. Its output:{Environment.NewLine}{emulator.RecentOutput}");
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public string RecentOutput
    {
        get
        {
            lock (_recentOutput)
            {
                return string.Join(Environment.NewLine, _recentOutput);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // The process already exited and was reaped.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Remember(string line)
    {
        lock (_recentOutput)
        {
            _recentOutput.Enqueue(line);
            if (_recentOutput.Count > OutputLinesKept)
            {
                _recentOutput.Dequeue();
            }
        }
    }

    private bool OutputContains(string text) => RecentOutput.Contains(text, StringComparison.Ordinal);

    private static string BuiltRepositoryRoot() =>
        typeof(NodeEmulatorProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "RepositoryRoot").Value!;
}
