using Benchmarks;

// One subcommand per benchmark file; add new ones to the table below.
var commands = new Dictionary<string, (string Description, Func<string[], Task<int>> Run)>(StringComparer.OrdinalIgnoreCase)
{
    ["codec"] = ("BenchmarkDotNet: encode + decode of a 1 KB Service Bus-shaped AMQP message (time and bytes per op).", CodecBenchmarks.RunAsync),
    ["loopback"] = ("Load: msgs/s of our client -> our server on 127.0.0.1 (pre-settled, unsettled) next to rhea -> rhea.", LoopbackLoad.RunAsync),
};

if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
{
    Console.WriteLine("Usage: dotnet run -c Release --project Tests/Benchmarks -- <command> [options]");
    foreach (var (name, (description, _)) in commands)
    {
        Console.WriteLine($"  {name,-10} {description}");
    }

    return args.Length == 0 ? 0 : 2;
}

return await command.Run(args[1..]);
