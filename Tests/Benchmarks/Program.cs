using Benchmarks;
using Benchmarks.Emulator;
using Benchmarks.Flow;
using Benchmarks.ServiceBus;
using Benchmarks.Storage;

// One subcommand per benchmark or load command; each lives in its own file. Add new ones to the table below.
var commands = new Dictionary<string, (string Description, Func<string[], Task<int>> Run)>(StringComparer.OrdinalIgnoreCase)
{
    ["storage"] = ("Load: Blob and Cosmos writes/s against the local emulators [--events N] [--concurrency N,N...].", StorageWriteLoad.RunAsync),
    ["codec"] = ("BenchmarkDotNet: encode + decode of a 1 KB Service Bus-shaped AMQP message (time and bytes per op).", CodecBenchmarks.RunAsync),
    ["loopback"] = ("Load: AMQP msgs/s on 127.0.0.1 (pre-settled, unsettled), each library to itself: ours, AMQPNetLite, Microsoft.Azure.Amqp, rhea, and ours / each [--count N] [--seconds S] [--runs R] [--no-rhea].", LoopbackLoad.RunAsync),
    ["broker"] = ("Load: Service Bus emulator broker core in-process: startup time, send+lock+complete msgs/s in memory and durable.", BrokerCoreLoad.RunAsync),
    ["amqp-port"] = ("Load: what HTTP on the AMQP port costs AMQP connections/s, and the official .NET SDK's msgs/s over AmqpTcp vs AmqpWebSockets [--connections N] [--messages N].", AmqpPortLoad.RunAsync),
    ["emulator"] = ("Load: Service Bus emulator over AMQP: executable start to first connection, in-process startup, JS SDK send+peek-lock+complete msgs/s [--count N] [--seconds S] [--receivers R] [--starts K].", EmulatorAmqpLoad.RunAsync),
    ["flow"] = ("Load: end to end, HTTP -> producer -> queue -> 1/2/4 consumers -> Blob + Cosmos: events/s next to the storage ceiling, p50/p99 enqueue->persisted [--events N] [--consumers N,N...].", EndToEndLoad.RunAsync),
    ["sdk"] = ("Load: the official .NET SDK -> our emulator in-process: batched send, processor peek-lock receive + complete, both at once, msgs/s [--messages N] [--concurrency C] [--prefetch P] [--senders S] [--durable].", SdkLoad.RunAsync),
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
