using System.Diagnostics;

namespace Benchmarks.ServiceBus;

/// <summary>The options of the official SDK's load command (<see cref="SdkLoad"/>), and how it prints a figure.</summary>
public sealed record LoadOptions(int Messages, int Concurrency, int Prefetch, int Senders, bool Durable, string? Connection)
{
    public static LoadOptions Parse(string[] args) => new(
        Option(args, "--messages", 100_000),
        Option(args, "--concurrency", 16),
        Option(args, "--prefetch", 100),
        Option(args, "--senders", 4),
        args.Contains("--durable"),
        Array.IndexOf(args, "--connection") is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null);

    public string Describe(int bodyBytes) =>
        $"{Environment.ProcessorCount} cores, {Messages:N0} messages of {bodyBytes} bytes, {Senders} batch senders, " +
        $"processor MaxConcurrentCalls={Concurrency} PrefetchCount={Prefetch}, " +
        (Connection is null ? $"emulator in this process {(Durable ? "durable (journal)" : "in memory")}" : "emulator at --connection (another process)");

    /// <summary>
    /// Prints the rate and this process's CPU time per message: with the emulator in another process (--connection) that
    /// is the client's own cost, so the emulator's share is what its process used beyond it.
    /// </summary>
    public static async Task MeasureAsync(string scenario, int messages, Func<Task<TimeSpan>> run)
    {
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        var elapsed = await run();
        process.Refresh();
        Report(scenario, messages, elapsed, process.TotalProcessorTime - before);
    }

    public static void Report(string scenario, int messages, TimeSpan elapsed, TimeSpan processorTime) =>
        Console.WriteLine($"  {scenario,-50} {messages / elapsed.TotalSeconds,10:N0} msgs/s  ({messages:N0} in {elapsed.TotalSeconds:N2} s, " +
                          $"this process {processorTime.TotalMicroseconds / messages:N1} µs CPU/msg)");

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}
