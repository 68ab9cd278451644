namespace Benchmarks.ServiceBus;

/// <summary>The options of the Service Bus client loads, read from the command line.</summary>
public sealed record ClientLoadOptions(int Messages, int Concurrency, int Prefetch, int Senders, bool Durable)
{
    public static readonly byte[] Body = new byte[1024];

    public static ClientLoadOptions Parse(string[] args) => new(
        Option(args, "--messages", 100_000),
        Option(args, "--concurrency", 16),
        Option(args, "--prefetch", 100),
        Option(args, "--senders", 4),
        args.Contains("--durable"));

    public string Describe() =>
        $"{Environment.ProcessorCount} cores, {Messages:N0} messages of {Body.Length} bytes, {Senders} batch senders, " +
        $"processor MaxConcurrentCalls={Concurrency} PrefetchCount={Prefetch}, emulator {(Durable ? "durable (journal)" : "in memory")}";

    public static void Report(string scenario, int messages, TimeSpan elapsed) =>
        Console.WriteLine($"  {scenario,-50} {messages / elapsed.TotalSeconds,10:N0} msgs/s  ({messages:N0} in {elapsed.TotalSeconds:N2} s)");

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}
