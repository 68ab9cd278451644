using System.Diagnostics;
using System.Text.Json;
using Amqp;
using Amqp.Framing;
using Amqp.Sasl;

namespace Benchmarks;

/// <summary>
/// Loopback throughput, each library talking to itself on 127.0.0.1 with 1 KB Service Bus-shaped messages, pre-settled
/// and unsettled (the server accepts each): our engine, AMQPNetLite, Microsoft.Azure.Amqp and rhea, measured in the
/// same run, several rounds, so every run prints the ratio of ours to each. Bounded by a message count and a time
/// budget per measurement.
/// </summary>
internal static class LoopbackLoad
{
    /// <summary>Sends allowed to wait for their outcome at once, the same for every library.</summary>
    public const int InFlight = 5000;

    private const string Ours = "ours -> ours";

    public static async Task<int> RunAsync(string[] args)
    {
        var count = ReadOption(args, "--count", 300_000);
        var seconds = ReadOption(args, "--seconds", 20);
        var runs = ReadOption(args, "--runs", 3);
        Console.WriteLine($"Loopback load on 127.0.0.1, 1 KB messages, up to {count:N0} messages or {seconds} s per measurement, {runs} runs, {Environment.ProcessorCount} cores.");

        var pairs = new List<(string Pair, Func<int, bool, Task<(double Messages, double Seconds)>> Run)>
        {
            (Ours, (n, settled) => RunOursAsync(n, seconds, settled)),
            ("AMQPNetLite -> AMQPNetLite", (n, settled) => NetLiteLoopback.RunAsync(n, seconds, settled)),
            ("Azure.Amqp -> Azure.Amqp", (n, settled) => AzureAmqpLoopback.RunAsync(n, seconds, settled)),
        };

        // Warm up JIT and pools so the first measurement of each library is not penalised.
        foreach (var (_, run) in pairs)
        {
            await run(20_000, true);
            await run(20_000, false);
        }

        var rates = new Dictionary<(string Pair, string Mode), List<double>>();
        for (var round = 1; round <= runs; round++)
        {
            foreach (var (pair, run) in pairs)
            {
                foreach (var settled in new[] { true, false })
                {
                    var (messages, elapsed) = await run(count, settled);
                    Record(pair, settled ? "pre-settled" : "unsettled", messages / elapsed);
                }
            }

            if (!args.Contains("--no-rhea") && await RunRheaAsync(count, seconds) is { } rhea)
            {
                Record("rhea -> rhea", "pre-settled", rhea.GetProperty("presettled").GetProperty("rate").GetDouble());
                Record("rhea -> rhea", "unsettled", rhea.GetProperty("unsettled").GetProperty("rate").GetDouble());
            }

            Console.WriteLine($"run {round} of {runs} done");
        }

        var runColumns = string.Concat(Enumerable.Range(1, runs).Select(r => $" {"run " + r,9} |"));
        Console.WriteLine();
        Console.WriteLine($"| {"Pair",-26} | {"Mode",-11} |{runColumns} {"median",9} | {"ours / this",11} |");
        Console.WriteLine($"|{new string('-', 28)}|{new string('-', 13)}|{string.Concat(Enumerable.Repeat(new string('-', 11) + "|", runs + 1))}{new string('-', 13)}|");
        foreach (var ((pair, mode), values) in rates)
        {
            var cells = string.Concat(values.Select(v => $" {v,9:N0} |"));
            var ratio = Median(rates[(Ours, mode)]) / Median(values);
            Console.WriteLine($"| {pair,-26} | {mode,-11} |{cells}{new string(' ', 11 * (runs - values.Count))} {Median(values),9:N0} | {ratio,10:F1}x |");
        }

        return 0;

        void Record(string pair, string mode, double rate)
        {
            if (!rates.TryGetValue((pair, mode), out var values))
            {
                rates[(pair, mode)] = values = [];
            }

            values.Add(rate);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int ReadOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1]) : fallback;
    }

    private static async Task<(double Messages, double Seconds)> RunOursAsync(int count, int seconds, bool settled)
    {
        var counter = new ArrivalCounter();
        var settings = new AmqpListenerSettings
        {
            Session = { IncomingWindow = 20_000 },
            LinkAttaching = request =>
            {
                request.Settings.Credit = 20_000;
                var receiver = (ReceiverLink)request.Accept();
                _ = Task.Run(async () =>
                {
                    while (await receiver.ReceiveAsync() is { } delivery)
                    {
                        if (!delivery.IsSettledBySender)
                        {
                            await receiver.AcceptAsync(delivery);
                        }

                        counter.Arrived();
                    }
                });
            },
        };
        await using var listener = new AmqpListener(settings);
        listener.Start();
        await using var connection = await AmqpConnection.ConnectAsync(
            new Uri($"amqp://127.0.0.1:{listener.LocalEndpoint.Port}"),
            new AmqpConnectionSettings { Sasl = SaslProfile.Anonymous },
            CancellationToken.None);
        var session = await connection.BeginSessionAsync(new AmqpSessionSettings { IncomingWindow = 20_000 }, CancellationToken.None);
        var sender = await session.AttachSenderAsync(new AmqpLinkSettings
        {
            Target = new Target { Address = "load" },
            SenderSettleMode = settled ? SenderSettleMode.Settled : SenderSettleMode.Unsettled,
        }, CancellationToken.None);

        var message = ServiceBusMessageSample.Create();
        var deadline = Stopwatch.StartNew();
        var inFlight = new Queue<ValueTask<DeliveryState?>>();
        var sent = 0;
        while (sent < count && deadline.Elapsed.TotalSeconds < seconds)
        {
            var send = sender.SendAsync(message);
            sent++;
            if (send.IsCompletedSuccessfully)
            {
                continue;
            }

            inFlight.Enqueue(send);
            if (inFlight.Count >= InFlight)
            {
                await inFlight.Dequeue();
            }
        }

        while (inFlight.Count > 0)
        {
            await inFlight.Dequeue();
        }

        await counter.WaitForAsync(sent, TimeSpan.FromSeconds(seconds + 30));
        var elapsed = deadline.Elapsed.TotalSeconds;
        await connection.CloseAsync();
        return (sent, elapsed);
    }

    private static async Task<JsonElement?> RunRheaAsync(int count, int seconds)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "package.json")))
        {
            root = root.Parent;
        }

        var nodeModules = root is null ? null : Path.Combine(root.FullName, "node_modules");
        if (nodeModules is null || !Directory.Exists(Path.Combine(nodeModules, "rhea")))
        {
            Console.WriteLine("rhea is not installed (run `npm ci` at the repository root): rhea -> rhea not measured.");
            return null;
        }

        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Scripts", "rhea-loopback.js"));
        info.ArgumentList.Add(count.ToString());
        info.ArgumentList.Add(seconds.ToString());
        info.Environment["NODE_PATH"] = nodeModules;
        using var process = Process.Start(info)!;
        try
        {
            var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(2 * seconds + 60));
            await process.WaitForExitAsync();
            return JsonDocument.Parse(output).RootElement.Clone();
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
