using System.Diagnostics;
using System.Text;

namespace Flow.Tests;

/// <summary>
/// The real consumer executable (<c>dotnet Consumer.dll</c>, built next to the tests) with the environment the AppHost
/// gives it. Killed (SIGKILL) in <see cref="DisposeAsync"/> if still running, so no test leaves it behind.
/// </summary>
public sealed class ConsumerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ConsumerProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ConsumerProcess Start(Dictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Consumer.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        var process = Process.Start(start)!;
        var consumer = new ConsumerProcess(process);
        process.OutputDataReceived += (_, line) => consumer.Append(line.Data);
        process.ErrorDataReceived += (_, line) => consumer.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return consumer;
    }

    /// <summary>SIGKILL: no shutdown code runs, in-flight messages keep their locks until they expire.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a container orchestrator stops a replica; true with the exit code if it ended within <paramref name="bound"/>.</summary>
    public async Task<(bool Exited, int ExitCode)> TerminateAsync(TimeSpan bound)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!))
        {
            await kill!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return (true, _process.ExitCode);
        }
        catch (OperationCanceledException)
        {
            return (false, -1);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
