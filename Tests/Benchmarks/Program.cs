using Benchmarks.Emulator;

// Each command lives in its own file; this only dispatches.
var commands = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["broker"] = BrokerCoreLoad.RunAsync,
};

if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine($"usage: Benchmarks <{string.Join("|", commands.Keys)}> [options]");
    return 2;
}

return await command(args[1..]);
