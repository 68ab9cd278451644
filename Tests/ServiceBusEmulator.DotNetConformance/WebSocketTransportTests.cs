using System.Net.WebSockets;
using Azure.Messaging.ServiceBus;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Hosting;

namespace ServiceBusEmulator.DotNetConformance;

/// <summary>
/// <c>ServiceBusTransportType.AmqpWebSockets</c> (Azure.Messaging.ServiceBus 7.21.0): the SDK upgrades
/// <c>GET /$servicebus/websocket/</c> with subprotocol <c>amqp</c> on the connection string's port and runs AMQP inside
/// the WebSocket; plain AMQP clients share the port.
/// </summary>
public sealed class WebSocketTransportTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private ServiceBusEmulatorHost _host = null!;

    public async Task InitializeAsync() => _host = await ServiceBusEmulatorHost.StartAsync(new EmulatorOptions
    {
        Port = 0,
        ManagementPort = -1,
        Configuration = new EmulatorConfiguration
        {
            Queues = [new QueueDefinition("ws") { Properties = new EntityProperties { MaxDeliveryCount = 5 } }],
        },
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private ServiceBusClient WebSocketClient() => Client(ServiceBusTransportType.AmqpWebSockets);

    /// <summary>Short retries, so a defect fails a test in seconds instead of the SDK's default minutes.</summary>
    private ServiceBusClient Client(ServiceBusTransportType transport) => new(_host.ConnectionString, new ServiceBusClientOptions
    {
        TransportType = transport,
        RetryOptions = new ServiceBusRetryOptions { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(100), TryTimeout = TimeSpan.FromSeconds(15) },
    });

    [Fact]
    public async Task Messages_are_sent_received_and_settled_over_AmqpWebSockets()
    {
        await using var client = WebSocketClient();
        var sender = client.CreateSender("ws");
        using var batch = await sender.CreateMessageBatchAsync();
        foreach (var id in new[] { "complete", "abandon", "dead-letter" })
        {
            Assert.True(batch.TryAddMessage(new ServiceBusMessage(BinaryData.FromString($"body of {id}")) { MessageId = id, Subject = "ws" }));
        }

        await sender.SendMessagesAsync(batch);
        await sender.SendMessageAsync(new ServiceBusMessage(new byte[200_000]) { MessageId = "large" });

        var receiver = client.CreateReceiver("ws");
        var received = new Dictionary<string, ServiceBusReceivedMessage>();
        while (received.Count < 4 && await receiver.ReceiveMessagesAsync(4 - received.Count, Wait) is { Count: > 0 } messages)
        {
            foreach (var message in messages)
            {
                received[message.MessageId] = message;
            }
        }

        Assert.Equal(["abandon", "complete", "dead-letter", "large"], received.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("body of complete", received["complete"].Body.ToString());
        Assert.Equal(200_000, received["large"].Body.ToArray().Length);
        await receiver.CompleteMessageAsync(received["complete"]);
        await receiver.CompleteMessageAsync(received["large"]);
        await receiver.DeadLetterMessageAsync(received["dead-letter"], "over-websockets", "settled through the WebSocket");
        await receiver.AbandonMessageAsync(received["abandon"]);

        var again = await receiver.ReceiveMessageAsync(Wait);
        Assert.Equal(("abandon", 2), (again.MessageId, again.DeliveryCount));
        await receiver.CompleteMessageAsync(again);
        var deadLetters = client.CreateReceiver("ws", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var deadLettered = await deadLetters.ReceiveMessageAsync(Wait);
        Assert.Equal(("dead-letter", "over-websockets"), (deadLettered.MessageId, deadLettered.DeadLetterReason));
        await deadLetters.CompleteMessageAsync(deadLettered);
        Assert.Null(await receiver.PeekMessageAsync());
    }

    [Fact]
    public async Task WebSocket_and_plain_AMQP_clients_share_the_port()
    {
        await using var overWebSockets = WebSocketClient();
        await using var overTcp = Client(ServiceBusTransportType.AmqpTcp);

        await overWebSockets.CreateSender("ws").SendMessageAsync(new ServiceBusMessage("from a WebSocket") { MessageId = "w" });
        await overTcp.CreateSender("ws").SendMessageAsync(new ServiceBusMessage("from TCP") { MessageId = "t" });

        var tcpReceived = await overTcp.CreateReceiver("ws", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete }).ReceiveMessageAsync(Wait);
        var wsReceived = await overWebSockets.CreateReceiver("ws", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete }).ReceiveMessageAsync(Wait);
        Assert.Equal(["t", "w"], new[] { tcpReceived.MessageId, wsReceived.MessageId }.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_upgrade_that_offers_no_AMQP_subprotocol_is_refused()
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("mqtt");

        var refused = await Assert.ThrowsAsync<WebSocketException>(() =>
            socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_host.AmqpPort}/$servicebus/websocket/"), CancellationToken.None));

        Assert.Contains("400", refused.Message, StringComparison.Ordinal);
    }
}
