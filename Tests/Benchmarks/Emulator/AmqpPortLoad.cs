using System.Diagnostics;
using Amqp;
using Amqp.Sasl;
using Azure.Messaging.ServiceBus;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Hosting;

namespace Benchmarks.Emulator;

/// <summary>
/// <c>amqp-port [--connections N] [--messages N]</c>: what sharing the AMQP port with HTTP costs and what WebSockets
/// cost. (1) AMQP connections/s (SASL + open + close, one after another) to our listener with and without the
/// first-byte check that sends HTTP elsewhere; (2) the official .NET SDK's send (batches of 100) + peek-lock receive +
/// complete through the in-process emulator over AMQP/TCP and over AMQP/WebSockets on the same port.
/// </summary>
public static class AmqpPortLoad
{
    private static readonly byte[] Body = new byte[1024];

    public static async Task<int> RunAsync(string[] args)
    {
        var connections = Option(args, "--connections", 2_000);
        var messages = Option(args, "--messages", 20_000);
        Console.WriteLine($"amqp-port load: {Environment.ProcessorCount} cores, {connections:N0} connections, {messages:N0} messages of {Body.Length} bytes");

        // Alternating rounds, so a neighbour's build hits both variants alike.
        for (var round = 1; round <= 2; round++)
        {
            Report($"round {round}: connections/s, AMQP only", "conn/s", await ConnectionsPerSecondAsync(connections, checkFirstByte: false));
            Report($"round {round}: connections/s, AMQP + HTTP on the port", "conn/s", await ConnectionsPerSecondAsync(connections, checkFirstByte: true));
        }

        for (var round = 1; round <= 2; round++)
        {
            Report($"round {round}: .NET SDK send + receive + complete, AmqpTcp", "msgs/s", await SdkMessagesPerSecondAsync(messages, ServiceBusTransportType.AmqpTcp));
            Report($"round {round}: .NET SDK send + receive + complete, AmqpWebSockets", "msgs/s", await SdkMessagesPerSecondAsync(messages, ServiceBusTransportType.AmqpWebSockets));
        }

        return 0;
    }

    private static async Task<double> ConnectionsPerSecondAsync(int count, bool checkFirstByte)
    {
        await using var listener = new AmqpListener(new AmqpListenerSettings
        {
            Sasl = new SaslServerSettings { Mechanisms = [SaslProfile.AnonymousName] },
            NonAmqpConnection = checkFirstByte ? (_, _) => Task.FromResult<Stream?>(null) : null,
        });
        listener.Start();
        var address = new Uri($"amqp://127.0.0.1:{listener.LocalEndpoint.Port}");
        var settings = new AmqpConnectionSettings { Sasl = SaslProfile.Anonymous };
        for (var i = 0; i < 50; i++)
        {
            await (await AmqpConnection.ConnectAsync(address, settings, CancellationToken.None)).CloseAsync();
        }

        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await (await AmqpConnection.ConnectAsync(address, settings, CancellationToken.None)).CloseAsync();
        }

        return count / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<double> SdkMessagesPerSecondAsync(int count, ServiceBusTransportType transport)
    {
        await using var host = await ServiceBusEmulatorHost.StartAsync(new EmulatorOptions
        {
            Port = 0,
            ManagementPort = -1,
            Configuration = new EmulatorConfiguration { Queues = [new QueueDefinition("load")] },
        });
        await using var client = new ServiceBusClient(host.ConnectionString, new ServiceBusClientOptions { TransportType = transport });
        var sender = client.CreateSender("load");
        await using var receiver = client.CreateReceiver("load", new ServiceBusReceiverOptions { PrefetchCount = 500 });
        await sender.SendMessageAsync(new ServiceBusMessage(Body));
        await receiver.CompleteMessageAsync(await receiver.ReceiveMessageAsync());

        var stopwatch = Stopwatch.StartNew();
        var sending = Task.Run(async () =>
        {
            for (var sent = 0; sent < count; sent += 100)
            {
                await sender.SendMessagesAsync(Enumerable.Range(0, Math.Min(100, count - sent)).Select(_ => new ServiceBusMessage(Body)));
            }
        });
        var received = 0;
        while (received < count)
        {
            var batch = await receiver.ReceiveMessagesAsync(500, TimeSpan.FromSeconds(30));
            if (batch.Count == 0)
            {
                throw new TimeoutException($"{received} of {count} messages arrived over {transport}.");
            }

            await Task.WhenAll(batch.Select(message => receiver.CompleteMessageAsync(message)));
            received += batch.Count;
        }

        await sending;
        return count / stopwatch.Elapsed.TotalSeconds;
    }

    private static void Report(string what, string unit, double value) => Console.WriteLine($"{what,-62} {value,10:N0} {unit}");

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}
