using System.Diagnostics;
using Amqp;
using Amqp.Framing;
using Amqp.Messaging;
using Amqp.Sasl;
using Amqp.Types;
using ServiceBusEmulator.Hosting;
using ServiceBusEmulator.Security;

namespace Benchmarks.Emulator;

/// <summary>
/// Until our Service Bus client exists: the emulator driven by our Amqp library the way that client will drive it
/// (CBS put-token, an unsettled sender with a window of in-flight sends, a peek-lock receiver with prefetch that
/// accepts each message and waits for the broker's settlement). Counts messages completed end to end.
/// </summary>
internal static class RawAmqpLoad
{
    private const int InFlight = 500;

    public static async Task<(int Completed, TimeSpan Elapsed)> RunAsync(int port, int count, int seconds)
    {
        await using var connection = await AmqpConnection.ConnectAsync(
            new Uri($"amqp://127.0.0.1:{port}"), new AmqpConnectionSettings { Sasl = SaslProfile.MsSbCbs }, CancellationToken.None);
        await PutNamespaceTokenAsync(connection, port);
        var sendSession = await connection.BeginSessionAsync(null, CancellationToken.None);
        var receiveSession = await connection.BeginSessionAsync(null, CancellationToken.None);
        var sender = await sendSession.AttachSenderAsync(new AmqpLinkSettings { Target = new Target { Address = "/load" }, Source = new Source { Address = "load-sender" } }, CancellationToken.None);
        var receiver = await receiveSession.AttachReceiverAsync(new AmqpLinkSettings
        {
            Source = new Source { Address = "/load" },
            Target = new Target { Address = "load-receiver" },
            SenderSettleMode = SenderSettleMode.Unsettled,
            ReceiverSettleMode = ReceiverSettleMode.Second,
            Credit = InFlight,
        }, CancellationToken.None);

        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var stopwatch = Stopwatch.StartNew();
        var sending = Task.Run(async () =>
        {
            using var window = new SemaphoreSlim(InFlight);
            var sent = 0;
            for (; sent < count && DateTime.UtcNow < deadline; sent++)
            {
                await window.WaitAsync();
                var send = sender.SendAsync(ServiceBusMessageSample.Create()).AsTask();
                _ = send.ContinueWith(_ => window.Release(), TaskScheduler.Default);
            }

            for (var i = 0; i < InFlight; i++)
            {
                await window.WaitAsync();
            }

            return sent;
        });

        var completed = 0;
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 10));
        try
        {
            while (received < count && !(sending.IsCompleted && received >= sending.Result))
            {
                var delivery = await receiver.ReceiveAsync(stop.Token);
                if (delivery is null)
                {
                    break;
                }

                received++;
                _ = receiver.AcceptAsync(delivery).AsTask().ContinueWith(_ =>
                {
                    if (Interlocked.Increment(ref completed) >= count)
                    {
                        allDone.TrySetResult();
                    }
                }, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException)
        {
            // Time is up: report what completed.
        }

        var sentTotal = await sending;
        while (Volatile.Read(ref completed) < Math.Min(received, sentTotal) && stopwatch.Elapsed < TimeSpan.FromSeconds(seconds + 20))
        {
            await Task.WhenAny(allDone.Task, Task.Delay(10));
        }

        return (Volatile.Read(ref completed), stopwatch.Elapsed);
    }

    private static async Task PutNamespaceTokenAsync(AmqpConnection connection, int port)
    {
        var session = await connection.BeginSessionAsync(null, CancellationToken.None);
        var requests = await session.AttachSenderAsync(new AmqpLinkSettings { Target = new Target { Address = "$cbs" }, Source = new Source { Address = "cbs-sender" } }, CancellationToken.None);
        var responses = await session.AttachReceiverAsync(new AmqpLinkSettings { Source = new Source { Address = "$cbs" }, Target = new Target { Address = "cbs-reply" }, Credit = 1 }, CancellationToken.None);
        var audience = $"sb://localhost:{port}/";
        var token = SasTokenGenerator.Create(audience, EmulatorOptions.DefaultKeyName, EmulatorOptions.DefaultKey, DateTimeOffset.UtcNow.AddHours(1));
        await requests.SendAsync(new AmqpMessage
        {
            Properties = new Properties { MessageId = "put-token-1", ReplyTo = "cbs-reply" },
            ApplicationProperties = new ApplicationProperties(new AmqpMap
            {
                ["operation"] = "put-token",
                ["name"] = audience,
                ["type"] = "servicebus.windows.net:sastoken",
            }),
            ValueBody = new AmqpValue(token),
        });
        var response = await responses.ReceiveAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        if (response?.GetMessage().ApplicationProperties?["status-code"] is not 202)
        {
            throw new InvalidOperationException("The emulator refused the namespace SAS token.");
        }
    }
}
