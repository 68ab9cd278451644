using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Amqp;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Hosting;

namespace Benchmarks.Emulator;

/// <summary>
/// <c>emulator [--count N] [--seconds S] [--receivers R] [--starts K]</c>: the emulator over AMQP. (1) Time from
/// starting the executable to its first accepted AMQP connection (our client connecting, SASL and open included),
/// K times. (2) In-process host startup with the AMQP listener. (3) The official JS SDK sending 1 KB messages in
/// batches while R receivers peek-lock receive and complete them, in memory, msgs/s end to end.
/// </summary>
public static class EmulatorAmqpLoad
{
    private static readonly EmulatorConfiguration Configuration = new()
    {
        Queues = [new QueueDefinition("load") { Properties = new EntityProperties { LockDuration = TimeSpan.FromMinutes(1), MaxDeliveryCount = 10 } }],
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var count = Option(args, "--count", 20_000);
        var seconds = Option(args, "--seconds", 60);
        var receivers = Option(args, "--receivers", 4);
        var starts = Option(args, "--starts", 3);
        Console.WriteLine($"Service Bus emulator over AMQP, {Environment.ProcessorCount} cores");

        for (var i = 0; i < starts; i++)
        {
            var elapsed = await ProcessStartToFirstConnectionAsync();
            Console.WriteLine($"  executable start -> first accepted AMQP connection: {elapsed.TotalMilliseconds:F0} ms");
        }

        for (var i = 0; i < starts; i++)
        {
            await using var host = await ServiceBusEmulatorHost.StartAsync(new EmulatorOptions { Configuration = Configuration, Port = 0, ManagementPort = 0 });
            Console.WriteLine($"  in-process host startup (broker, AMQP listener, health): {host.StartupTime.TotalMilliseconds:F1} ms");
        }

        await using (var host = await ServiceBusEmulatorHost.StartAsync(new EmulatorOptions { Configuration = Configuration, Port = 0, ManagementPort = -1 }))
        {
            var raw = await RawAmqpLoad.RunAsync(host.AmqpPort!.Value, count * 5, seconds);
            Console.WriteLine(
                $"  our Amqp library (no Service Bus client yet), 1 KB, unsettled sends + peek-lock receive + accept: {raw.Completed:N0} in {raw.Elapsed.TotalSeconds:F1} s "
                + $"= {raw.Completed / raw.Elapsed.TotalSeconds:N0} msgs/s");
        }

        await using (var host = await ServiceBusEmulatorHost.StartAsync(new EmulatorOptions { Configuration = Configuration, Port = 0, ManagementPort = -1 }))
        {
            var result = await RunJsSdkAsync(host.ConnectionString!, count, seconds, receivers);
            if (result is { } figures)
            {
                Console.WriteLine(
                    $"  JS SDK 7.9.5, 1 KB, batches of 100, {receivers} peek-lock receivers: {figures.GetProperty("completed").GetInt32():N0} sent+received+completed "
                    + $"in {figures.GetProperty("seconds").GetDouble():F1} s = {figures.GetProperty("perSecond").GetDouble():N0} msgs/s "
                    + $"(sending alone {figures.GetProperty("sentPerSecond").GetDouble():N0} msgs/s)");
            }
        }

        return 0;
    }

    private static async Task<TimeSpan> ProcessStartToFirstConnectionAsync()
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ServiceBusEmulator.dll"));
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add("--management-port");
        info.ArgumentList.Add("0");
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        try
        {
            while (true)
            {
                try
                {
                    await using var connection = await AmqpConnection.ConnectAsync(
                        new Uri($"amqp://127.0.0.1:{port}"), new AmqpConnectionSettings { Sasl = Amqp.Sasl.SaslProfile.Anonymous }, CancellationToken.None);
                    return stopwatch.Elapsed;
                }
                catch (Exception exception) when (exception is SocketException or IOException or AmqpException)
                {
                    if (process.HasExited || stopwatch.Elapsed > TimeSpan.FromSeconds(30))
                    {
                        throw new InvalidOperationException($"The emulator did not accept a connection: {await process.StandardError.ReadToEndAsync()}", exception);
                    }

                    await Task.Delay(2);
                }
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<JsonElement?> RunJsSdkAsync(string connectionString, int count, int seconds, int receivers)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "package.json")))
        {
            root = root.Parent;
        }

        var nodeModules = root is null ? null : Path.Combine(root.FullName, "node_modules");
        if (nodeModules is null || !Directory.Exists(Path.Combine(nodeModules, "@azure", "service-bus")))
        {
            Console.WriteLine("  @azure/service-bus is not installed (run `npm ci` at the repository root): JS SDK load not measured.");
            return null;
        }

        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Scripts", "servicebus-load.js"));
        info.ArgumentList.Add("load");
        info.ArgumentList.Add(count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add(receivers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.Environment["NODE_PATH"] = nodeModules;
        info.Environment["SERVICEBUS_CONNECTION_STRING"] = connectionString;
        using var process = Process.Start(info)!;
        try
        {
            var errors = process.StandardError.ReadToEndAsync();
            var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(2 * seconds + 60));
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                Console.WriteLine($"  JS SDK load failed: {await errors}");
                return null;
            }

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

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}
