using System.Diagnostics;
using System.Text.Json;

namespace Amqp.Tests.Interop;

/// <summary>
/// An independent AMQP peer (a rhea or qpid-proton script) run as a child process. It is always killed with its
/// process tree on dispose, even when the test fails.
/// </summary>
internal sealed class PeerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly TaskCompletionSource<string> _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PeerProcess(Process process)
    {
        _process = process;
    }

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "package.json")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("The repository root (package.json) was not found.");
        }
    }

    public static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Interop", name);

    public static PeerProcess StartNode(string script, params string[] arguments)
    {
        var nodeModules = Path.Combine(RepositoryRoot, "node_modules");
        if (!Directory.Exists(Path.Combine(nodeModules, "rhea")))
        {
            throw new InvalidOperationException($"rhea is not installed: run `npm ci` in {RepositoryRoot}.");
        }

        return Start("node", [Script(script), .. arguments], ("NODE_PATH", nodeModules));
    }

    public static PeerProcess StartPython(string script, params string[] arguments) =>
        Start(ProtonAvailability.Python!, [Script(script), .. arguments]);

    private static PeerProcess Start(string fileName, string[] arguments, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var peer = new PeerProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                peer._firstLine.TrySetException(new InvalidOperationException($"{fileName} exited without output. stderr: {peer.StandardError}"));
                return;
            }

            lock (peer._output)
            {
                peer._output.Add(e.Data);
            }

            peer._firstLine.TrySetResult(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (peer._output)
                {
                    peer._errors.Add(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return peer;
    }

    private readonly List<string> _errors = [];

    public string StandardError
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _errors);
            }
        }
    }

    /// <summary>The first line the peer printed, parsed as JSON.</summary>
    public async Task<JsonElement> FirstJsonAsync(TimeSpan timeout) =>
        JsonDocument.Parse(await _firstLine.Task.WaitAsync(timeout)).RootElement;

    /// <summary>Waits for the peer to exit; returns its exit code and its first output line.</summary>
    public async Task<(int ExitCode, string Output)> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit();
        lock (_output)
        {
            return (_process.ExitCode, string.Join('\n', _output) + "\n" + string.Join('\n', _errors));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
