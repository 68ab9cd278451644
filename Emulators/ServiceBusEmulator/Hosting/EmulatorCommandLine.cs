using System.Net;
using System.Runtime.InteropServices;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Telemetry;

namespace ServiceBusEmulator.Hosting;

/// <summary>
/// <c>ServiceBusEmulator [--config Config.json] [--port 5672] [--management-port 5300] [--data-dir DIR] [--bind 127.0.0.1]</c>.
/// Exit codes: 0 stopped normally, 1 could not start (port in use, data directory), 2 bad command line or configuration.
/// </summary>
public static class EmulatorCommandLine
{
    public const string ReadyLine = "Service Bus emulator ready";

    public static async Task<int> RunAsync(string[] args)
    {
        EmulatorOptions? parsed;
        try
        {
            parsed = Parse(args);
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine($"error: {exception.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (parsed is not { } options)
        {
            Console.WriteLine(Usage);
            return 0;
        }

        // Signals are handled before the ready line is printed, so a SIGTERM right after it still stops cleanly.
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        ServiceBusEmulatorHost host;
        try
        {
            options = options with { Log = LogFor(options) };
            host = await ServiceBusEmulatorHost.StartAsync(options).ConfigureAwait(false);
        }
        catch (ConfigurationException exception)
        {
            Console.Error.WriteLine($"error: configuration: {exception.Message}");
            return 2;
        }
        catch (Exception exception) when (exception is System.Net.HttpListenerException or System.Net.Sockets.SocketException or IOException)
        {
            // A port already in use or an unwritable data directory: say which, without a stack trace.
            Console.Error.WriteLine($"error: cannot start: {exception.Message}");
            return 1;
        }

        var metricExport = OtlpMetricExport.StartIfConfigured(Environment.GetEnvironmentVariable);
        if (metricExport is not null)
        {
            options.Log?.WriteLine($"metrics exported over OTLP to {Environment.GetEnvironmentVariable(OtlpMetricExport.EndpointVariable)}");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM: stop cleanly.
        }

        // Before the host: disposing the export sends the last values, which needs the meter still open.
        metricExport?.Dispose();
        await host.StopAsync().ConfigureAwait(false);
        options.Log?.Flush();
        return 0;
    }

    public const string Usage =
        "usage: ServiceBusEmulator [--config Config.json] [--port 5672] [--management-port 5300] [--data-dir DIR] [--bind 127.0.0.1]";

    /// <summary>Null means --help was asked for.</summary>
    public static EmulatorOptions? Parse(string[] args)
    {
        var options = new EmulatorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int PortValue(string name, int min)
            {
                var text = Value();
                return int.TryParse(text, out var port) && port >= min && port <= 65535
                    ? port
                    : throw new ArgumentException($"{name} '{text}' is not a port number ({min}-65535)");
            }

            switch (args[i])
            {
                case "--config": options = options with { ConfigPath = Value() }; break;
                case "--port": options = options with { Port = PortValue("--port", 0) }; break;
                case "--management-port": options = options with { ManagementPort = PortValue("--management-port", 0) }; break;
                case "--data-dir": options = options with { DataDirectory = Value() }; break;
                case "--bind":
                    var text = Value();
                    options = options with
                    {
                        BindAddress = IPAddress.TryParse(text, out var address) ? address : throw new ArgumentException($"--bind '{text}' is not an IP address"),
                    };
                    break;
                case "--help" or "-h": return null;
                default: throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }

        return options;
    }

    private static TextWriter LogFor(EmulatorOptions options)
    {
        var logging = options.ConfigPath is not null ? ConfigurationReader.ReadFile(options.ConfigPath).Logging : LoggingDefinition.Default;
        var writers = new List<TextWriter>();
        if (logging.ToConsole)
        {
            writers.Add(Console.Out);
        }

        if (logging.ToFile)
        {
            var directory = options.DataDirectory ?? AppContext.BaseDirectory;
            Directory.CreateDirectory(directory);
            writers.Add(new StreamWriter(Path.Combine(directory, "emulator.log"), append: true) { AutoFlush = true });
        }

        return new TeeWriter(writers);
    }
}
