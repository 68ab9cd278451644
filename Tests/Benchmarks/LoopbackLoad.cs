using System.Diagnostics;
using System.Text.Json;
using Amqp;
using Amqp.Framing;
using Amqp.Sasl;

namespace Benchmarks;

/// <summary>
/// Loopback throughput: our client sends 1 KB Service Bus-shaped messages to our server on 127.0.0.1, pre-settled
/// and unsettled (the server accepts each), and a rhea client does the same to a rhea server in the same run.
/// Bounded by a message count and a time budget per scenario.
/// </summary>
internal static class LoopbackLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = ReadOption(args, "--count", 300_000);
        var seconds = ReadOption(args, "--seconds", 20);
        Console.WriteLine($"Loopback load on 127.0.0.1, 1 KB messages, up to {count:N0} messages or {seconds} s per scenario, {Environment.ProcessorCount} cores.");

        // Warm up JIT and pools so the first scenario is not penalised.
        await RunOursAsync(20_000, seconds, settled: true);
        var rows = new List<(string Pair, string Mode, double Messages, double Seconds)>
        {
            await RunOursAsync(count, seconds, settled: true) is var p ? ("ours -> ours", "pre-settled", p.Messages, p.Seconds) : default,
            await RunOursAsync(count, seconds, settled: false) is var u ? ("ours -> ours", "unsettled", u.Messages, u.Seconds) : default,
        };

        var rhea = args.Contains("--no-rhea") ? null : await RunRheaAsync(count, seconds);
        if (rhea is { } r)
        {
            rows.Add(("rhea -> rhea", "pre-settled", r.GetProperty("presettled").GetProperty("messages").GetDouble(), r.GetProperty("presettled").GetProperty("seconds").GetDouble()));
            rows.Add(("rhea -> rhea", "unsettled", r.GetProperty("unsettled").GetProperty("messages").GetDouble(), r.GetProperty("unsettled").GetProperty("seconds").GetDouble()));
        }

        Console.WriteLine();
        Console.WriteLine($"| {"Pair",-13} | {"Mode",-11} | {"Messages",10} | {"Seconds",8} | {"msgs/s",10} |");
        Console.WriteLine($"|{new string('-', 15)}|{new string('-', 13)}|{new string('-', 12)}|{new string('-', 10)}|{new string('-', 12)}|");
        foreach (var row in rows)
        {
            Console.WriteLine($"| {row.Pair,-13} | {row.Mode,-11} | {row.Messages,10:N0} | {row.Seconds,8:F2} | {row.Messages / row.Seconds,10:N0} |");
        }

        if (rows.Count == 4)
        {
            Console.WriteLine();
            Console.WriteLine($"ours / rhea: pre-settled {Rate(rows[0]) / Rate(rows[2]):F1}x, unsettled {Rate(rows[1]) / Rate(rows[3]):F1}x");
        }

        return 0;

        static double Rate((string, string, double Messages, double Seconds) row) => row.Messages / row.Seconds;
    }

    private static int ReadOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1]) : fallback;
    }

    private static async Task<(double Messages, double Seconds)> RunOursAsync(int count, int seconds, bool settled)
    {
        var received = 0;
        var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var target = count;
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

                        if (Interlocked.Increment(ref received) >= Volatile.Read(ref target))
                        {
                            allReceived.TrySetResult();
                        }
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
            if (inFlight.Count >= 5000)
            {
                await inFlight.Dequeue();
            }
        }

        Volatile.Write(ref target, sent);
        if (Volatile.Read(ref received) >= sent)
        {
            allReceived.TrySetResult();
        }

        while (inFlight.Count > 0)
        {
            await inFlight.Dequeue();
        }

        await allReceived.Task.WaitAsync(TimeSpan.FromSeconds(seconds + 30));
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
