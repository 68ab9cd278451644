using System.Collections.Concurrent;
using System.Diagnostics;

namespace ServiceBusEmulator.Tests.Support;

/// <summary>A `dotnet some.dll` child whose output lines the test can wait for; killed on Dispose, even after a failure.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = [];
    private readonly ConcurrentQueue<string> _errors = new();

    public ChildProcess(string assemblyPath, params string[] arguments)
        : this(assemblyPath, new Dictionary<string, string>(), arguments)
    {
    }

    /// <summary>A child with <paramref name="environment"/> added to the inherited environment.</summary>
    public ChildProcess(string assemblyPath, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(assemblyPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.CompleteAdding();
            }
            else
            {
                _lines.Add(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _errors.Enqueue(e.Data);
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Process Process => _process;

    /// <summary>Every line read so far, in order.</summary>
    public List<string> Lines { get; } = [];

    public string Errors => string.Join(Environment.NewLine, _errors);

    /// <summary>Reads lines until one satisfies <paramref name="predicate"/>; fails with the child's stderr on timeout or exit.</summary>
    public string WaitForLine(Func<string, bool> predicate, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            foreach (var line in _lines.GetConsumingEnumerable(cancellation.Token))
            {
                Lines.Add(line);
                if (predicate(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Reported below with the child's output.
        }

        throw new Xunit.Sdk.XunitException(
            $"The child process did not print the expected line within {timeout}. Last lines:{Environment.NewLine}"
            + string.Join(Environment.NewLine, Lines.TakeLast(10)) + Environment.NewLine + "stderr:" + Environment.NewLine + Errors);
    }

    /// <summary>SIGKILL on Unix: no finalizers, no flush, no chance to clean up — a crash.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>After the child exited: reads the lines it printed that nobody waited for (the most recent ones).</summary>
    public void ReadRemainingLines()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var line in _lines.GetConsumingEnumerable(cancellation.Token))
        {
            Lines.Add(line);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                KillHard();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    /// <summary>The path of a sibling project's build output, e.g. the crash probe, next to this test assembly's.</summary>
    public static string SiblingAssembly(string projectName)
    {
        var testOutput = AppContext.BaseDirectory;
        var path = testOutput.Replace(
            $"{Path.DirectorySeparatorChar}ServiceBusEmulator.Tests{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}",
            $"{Path.DirectorySeparatorChar}{projectName}{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}",
            StringComparison.Ordinal);
        var assembly = Path.Combine(path, projectName + ".dll");
        Assert.True(File.Exists(assembly), $"{assembly} was not built");
        return assembly;
    }
}
