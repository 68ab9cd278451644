namespace AppHostProcess.Tests;

/// <summary>
/// One process of the AppHost's graph, known by its pid and its start time (in clock ticks since boot, from
/// <c>/proc/PID/stat</c>), so that a pid the kernel hands to a new process later is not taken for it.
/// </summary>
public sealed record GraphProcess(int Pid, ulong StartTime, string CommandLine)
{
    /// <summary>Running (or stopped, or sleeping): anything but gone or a zombie waiting to be reaped.</summary>
    public bool IsAlive => ProcessTable.ReadStat(Pid) is { } stat && stat.StartTime == StartTime && stat.State != 'Z';

    public override string ToString() => $"{Pid} {(CommandLine.Length > 160 ? CommandLine[..160] + "…" : CommandLine)}";
}
