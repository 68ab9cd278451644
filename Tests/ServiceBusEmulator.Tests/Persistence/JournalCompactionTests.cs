using System.Collections.Concurrent;
using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Tests.Support;

namespace ServiceBusEmulator.Tests.Persistence;

public class JournalCompactionTests : IDisposable
{
    private const long Threshold = 64 * 1024;
    private readonly TemporaryDirectory _data = new();
    private static readonly EmulatorConfiguration Configuration = new() { Queues = [new QueueDefinition("q1")] };

    public void Dispose() => _data.Dispose();

    private Task<MessageBroker> Start() =>
        MessageBroker.StartAsync(Configuration, new BrokerOptions { DataDirectory = _data.Path, JournalCompactionThresholdBytes = Threshold });

    [Fact]
    public async Task Running_journal_is_compacted_so_it_stays_proportional_to_the_live_messages()
    {
        await using (var broker = await Start())
        {
            using var receiver = broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
            for (var i = 0; i < 1000; i++)
            {
                (await broker.SendAsync("q1", Messages.Text(new string('x', 1000), $"m{i}"))).Ok();
                var message = receiver.Single();
                if (i % 100 != 0)
                {
                    (await broker.CompleteAsync("q1", message.LockToken)).Ok();
                }
            }

            // 1,000 sends of ~1 KB would be over 1 MB uncompacted.
            await WaitUntil(() => broker.JournalLength < 4 * Threshold);
        }

        await using var restarted = await Start();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"m{i * 100}"), restarted.Peek("q1", 0, 100).Ok().Select(m => m.MessageId));
    }

    [Fact]
    public async Task Concurrent_traffic_during_compaction_loses_no_acknowledged_change()
    {
        var acked = new ConcurrentDictionary<string, bool>();
        var completed = new ConcurrentDictionary<string, bool>();
        await using (var broker = await Start())
        {
            var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                using var receiver = broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
                for (var i = 0; i < 300; i++)
                {
                    var id = $"w{w}-{i}";
                    (await broker.SendAsync("q1", Messages.Text(new string('y', 500), id))).Ok();
                    acked[id] = true;
                    foreach (var message in receiver.TryReceive(1).Ok())
                    {
                        if ((await broker.CompleteAsync("q1", message.LockToken)).IsSuccess)
                        {
                            completed[message.MessageId!] = true;
                        }
                    }
                }
            })).ToList();
            await Task.WhenAll(workers);
        }

        await using var restarted = await Start();
        var stored = restarted.Peek("q1", 0, 10_000).Ok().Select(m => m.MessageId!).ToHashSet();
        Assert.Equal(acked.Keys.Except(completed.Keys).ToHashSet(), stored);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), "the journal was not compacted");
    }
}
