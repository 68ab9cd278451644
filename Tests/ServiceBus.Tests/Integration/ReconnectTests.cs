using System.Collections.Concurrent;
using ServiceBus.Tests.Support;
using ServiceTesting;

namespace ServiceBus.Tests.Integration;

/// <summary>The broker goes away and comes back (durable data directory): the same client carries on.</summary>
public sealed class ReconnectTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "sbclient-tests-" + Guid.NewGuid().ToString("N"));
    private InProcessServiceBus _emulator = null!;

    public async Task InitializeAsync() => _emulator = await InProcessServiceBus.StartAsync(_dataDirectory);

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Receiver_and_sender_reconnect_after_a_broker_restart_without_losing_or_repeating_settled_work()
    {
        await using var client = TestClients.Create(_emulator.ConnectionString);
        await using var sender = client.CreateSender("long-lock");
        await using var receiver = client.CreateReceiver("long-lock");
        await sender.SendMessagesAsync(Enumerable.Range(0, 20).Select(i => new ServiceBusMessage($"m{i}") { MessageId = $"r-{i}" }));
        var completed = new List<string>();
        while (completed.Count < 10)
        {
            var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10));
            await receiver.CompleteMessageAsync(message!);
            completed.Add(message!.MessageId!);
        }

        await _emulator.RestartAsync(TimeSpan.FromMilliseconds(500));

        await sender.SendMessageAsync(new ServiceBusMessage("after restart") { MessageId = "r-20" });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (completed.Count < 21 && DateTime.UtcNow < deadline)
        {
            var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5));
            if (message is null)
            {
                continue;
            }

            await receiver.CompleteMessageAsync(message);
            completed.Add(message.MessageId!);
        }

        Assert.Equal(1, client.Scope.Generation); // one new connection replaced the dropped one
        Assert.Equal(Enumerable.Range(0, 21).Select(i => $"r-{i}").Order(), completed.Order());
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Processor_keeps_processing_across_a_broker_restart_and_every_message_is_completed_exactly_once()
    {
        const int count = 40;
        await using var client = TestClients.Create(_emulator.ConnectionString);
        await using var sender = client.CreateSender("orders");
        await sender.SendMessagesAsync(Enumerable.Range(0, count).Select(i => new ServiceBusMessage($"m{i}") { MessageId = $"p-{i}" }));
        var completions = new ConcurrentQueue<string>();
        var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = client.CreateProcessor("orders", new ServiceBusProcessorOptions { MaxConcurrentCalls = 4, AutoCompleteMessages = false });
        processor.ProcessMessageAsync += async args =>
        {
            if (completions.Count >= count / 2)
            {
                await restarted.Task; // half-way: hold the handler while the broker restarts under it
            }

            await args.CompleteMessageAsync(args.Message);
            completions.Enqueue(args.Message.MessageId!);
            if (completions.Count == count)
            {
                allDone.TrySetResult();
            }
        };
        processor.ProcessErrorAsync += _ => Task.CompletedTask; // lock-lost after the restart is expected; the message comes back

        await processor.StartProcessingAsync();
        while (completions.Count < count / 2)
        {
            await Task.Delay(50);
        }

        await _emulator.RestartAsync(TimeSpan.FromMilliseconds(500));
        restarted.SetResult();
        await allDone.Task.WaitAsync(TimeSpan.FromSeconds(90));
        await processor.StopProcessingAsync();

        Assert.True(client.Scope.Generation >= 1, "the client never reconnected, so the restart did not happen under it");
        Assert.Equal(count, completions.Count);
        Assert.Equal(count, completions.Distinct().Count());
        await using var receiver = client.CreateReceiver("orders");
        Assert.Empty(await receiver.PeekMessagesAsync(100, fromSequenceNumber: 1));
    }
}
