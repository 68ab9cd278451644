using System.Globalization;

namespace AppHostProcess.Tests;

/// <summary>
/// The processes of this machine as <c>/proc</c> shows them: enough to find every process an AppHost run consists of.
/// That is everything below the launcher we started, plus DCP: the AppHost starts DCP detached in a session of its
/// own (it is not below the AppHost), telling it <c>start-apiserver --monitor APPHOST_PID</c>; everything DCP runs
/// (the dashboard, the emulators, the <c>dotnet run</c> wrappers of the services and the services) is below DCP.
/// </summary>
public static class ProcessTable
{
    public readonly record struct Stat(char State, int ParentPid, ulong StartTime);

    public static Stat? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid …": comm may hold spaces and parentheses, so fields are counted after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return new Stat(fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture), ulong.Parse(fields[19], CultureInfo.InvariantCulture));
    }

    /// <summary>The launcher (while it runs) and its descendants, and every DCP API server monitoring <paramref name="appHostPid"/> with its descendants.</summary>
    public static IReadOnlyList<GraphProcess> GraphOf(GraphProcess launcher, int? appHostPid)
    {
        var processes = Snapshot();
        var roots = new List<int>();
        if (launcher.IsAlive)
        {
            roots.Add(launcher.Pid);
        }

        if (appHostPid is { } monitored)
        {
            roots.AddRange(processes.Values
                .Where(process => MonitorsAppHost(process.Arguments, monitored))
                .Select(process => process.Identity.Pid));
        }

        var children = processes.Values.ToLookup(process => process.ParentPid, process => process.Identity.Pid);
        var graph = new List<GraphProcess>();
        var pending = new Stack<int>(roots.Where(processes.ContainsKey));
        while (pending.TryPop(out var pid))
        {
            graph.Add(processes[pid].Identity);
            foreach (var child in children[pid])
            {
                pending.Push(child);
            }
        }

        return graph;
    }

    private static bool MonitorsAppHost(string[] arguments, int appHostPid)
    {
        var monitor = Array.IndexOf(arguments, "--monitor");
        return arguments.Contains("start-apiserver") && monitor >= 0 && monitor + 1 < arguments.Length
            && arguments[monitor + 1] == appHostPid.ToString(CultureInfo.InvariantCulture);
    }

    private sealed record Entry(GraphProcess Identity, int ParentPid, string[] Arguments);

    private static Dictionary<int, Entry> Snapshot()
    {
        var processes = new Dictionary<int, Entry>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || ReadStat(pid) is not { State: not 'Z' } stat)
            {
                continue;
            }

            string[] arguments;
            try
            {
                arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (IOException)
            {
                continue;
            }

            processes[pid] = new Entry(new GraphProcess(pid, stat.StartTime, string.Join(' ', arguments)), stat.ParentPid, arguments);
        }

        return processes;
    }
}
