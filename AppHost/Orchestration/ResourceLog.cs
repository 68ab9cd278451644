using System.Collections.Concurrent;

namespace AppHost.Orchestration;

/// <summary>
/// Every resource's output, line by line, on the AppHost's console with a colored <c>[name]</c> prefix (plain when
/// the console is redirected), and the last lines of each kept for the dashboard.
/// </summary>
internal sealed class ResourceLog(TextWriter output, bool useColor)
{
    private const int LinesKept = 300;
    private static readonly string[] Colors = ["\u001b[36m", "\u001b[33m", "\u001b[35m", "\u001b[32m", "\u001b[34m", "\u001b[91m", "\u001b[96m"];

    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, Queue<string>> _recent = new();
    private readonly ConcurrentDictionary<string, string> _colors = new();

    public static ResourceLog ForConsole() => new(Console.Out, !Console.IsOutputRedirected);

    public void Write(string resource, string line)
    {
        var recent = _recent.GetOrAdd(resource, _ => new Queue<string>());
        lock (recent)
        {
            recent.Enqueue(line);
            if (recent.Count > LinesKept)
            {
                recent.Dequeue();
            }
        }

        var prefix = useColor ? $"{_colors.GetOrAdd(resource, _ => Colors[_colors.Count % Colors.Length])}[{resource}]\u001b[0m" : $"[{resource}]";
        lock (_gate)
        {
            output.WriteLine($"{prefix} {line}");
        }
    }

    /// <summary>A line from the AppHost itself (the table, errors).</summary>
    public void WriteHost(string text)
    {
        lock (_gate)
        {
            output.WriteLine(text);
        }
    }

    public IReadOnlyList<string> Recent(string resource)
    {
        if (!_recent.TryGetValue(resource, out var recent))
        {
            return [];
        }

        lock (recent)
        {
            return recent.ToList();
        }
    }
}
