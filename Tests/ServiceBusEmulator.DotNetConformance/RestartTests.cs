using Azure.Messaging.ServiceBus;
using ServiceBusEmulator.Hosting;

namespace ServiceBusEmulator.DotNetConformance;

/// <summary>
/// A durable emulator (<c>--data-dir</c>) stopped and started again on the same port under a connected SDK client:
/// the client reconnects by itself, nothing settled comes back and nothing unsettled is lost.
/// </summary>
public sealed class RestartTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sbsdk-restart-").FullName;
    private ServiceBusEmulatorHost? _host;
    private int _port;

    public async Task InitializeAsync()
    {
        await StartAsync(0);
        _port = _host!.AmqpPort!.Value;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private async Task StartAsync(int port) => _host = await ServiceBusEmulatorHost.StartAsync(new EmulatorOptions
    {
        ConfigPath = Path.Combine(AppContext.BaseDirectory, "Config.json"),
        Port = port,
        ManagementPort = -1,
        DataDirectory = _dataDirectory,
    });

    private async Task StopAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
            _host = null;
        }
    }

    [Fact]
    public async Task Sender_and_receiver_carry_on_after_a_restart_without_losing_or_repeating_settled_messages()
    {
        await using var client = new ServiceBusClient(
            $"Endpoint=sb://127.0.0.1:{_port};SharedAccessKeyName={EmulatorOptions.DefaultKeyName};SharedAccessKey={EmulatorOptions.DefaultKey};UseDevelopmentEmulator=true;",
            new ServiceBusClientOptions { RetryOptions = { MaxRetries = 5, Delay = TimeSpan.FromMilliseconds(200), Mode = ServiceBusRetryMode.Fixed, TryTimeout = TimeSpan.FromSeconds(10) } });
        var sender = client.CreateSender("settlement");
        var receiver = client.CreateReceiver("settlement");
        await sender.SendMessagesAsync(Enumerable.Range(0, 4).Select(i => new ServiceBusMessage($"{i}") { MessageId = $"before-{i}" }));
        var first = await receiver.ReceiveMessageAsync(Wait);
        await receiver.CompleteMessageAsync(first);

        await StopAsync();
        await StartAsync(_port);
        await sender.SendMessageAsync(new ServiceBusMessage("after") { MessageId = "after" });
        var received = new List<string>();
        while (received.Count < 4 && await receiver.ReceiveMessageAsync(Wait) is { } message)
        {
            received.Add(message.MessageId);
            await receiver.CompleteMessageAsync(message);
        }

        Assert.Equal("before-0", first.MessageId);
        Assert.Equal(["before-1", "before-2", "before-3", "after"], received);
        Assert.Null(await receiver.PeekMessageAsync());
    }
}
