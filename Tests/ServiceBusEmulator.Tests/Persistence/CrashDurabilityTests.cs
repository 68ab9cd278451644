using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Tests.Support;

namespace ServiceBusEmulator.Tests.Persistence;

/// <summary>
/// A child process sends (and locks, and completes) messages with a data directory and is killed with SIGKILL
/// in the middle of sending; a broker started on the same directory must have every acknowledged message,
/// none that was completed, and no lock.
/// </summary>
public class CrashDurabilityTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TemporaryDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Acknowledged_sends_survive_kill_9_and_no_lock_outlives_the_crash()
    {
        List<string> lines;
        using (var child = new ChildProcess(ChildProcess.SiblingAssembly("ServiceBusEmulator.CrashProbe"), _data.Path))
        {
            child.WaitForLine(line => line == "steady", Patience);
            var ackedSoFar = child.Lines.Count(l => l.StartsWith("acked ", StringComparison.Ordinal));
            child.WaitForLine(line => line.StartsWith("acked m", StringComparison.Ordinal)
                && int.Parse(line["acked m".Length..], System.Globalization.CultureInfo.InvariantCulture) > ackedSoFar + 500, Patience);

            child.KillHard();
            child.ReadRemainingLines();

            Assert.NotEqual(0, child.Process.ExitCode);
            lines = child.Lines;
        }

        var acked = lines.Where(l => l.StartsWith("acked ", StringComparison.Ordinal)).Select(l => l["acked ".Length..]).ToHashSet();
        var completed = lines.Where(l => l.StartsWith("completed ", StringComparison.Ordinal)).Select(l => l["completed ".Length..]).ToHashSet();
        var locked = lines.Where(l => l.StartsWith("locked ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        Assert.Equal(5, completed.Count);
        Assert.Equal(5, locked.Count);

        var configuration = new EmulatorConfiguration
        {
            Queues = [new QueueDefinition("q1") { Properties = new EntityProperties { LockDuration = TimeSpan.FromMinutes(5) } }],
        };
        await using var broker = await MessageBroker.StartAsync(configuration, new BrokerOptions { DataDirectory = _data.Path });

        var stored = new List<BrokerMessage>();
        for (long from = 0; ;)
        {
            var page = broker.Peek("q1", from, 1000).Ok();
            if (page.Count == 0)
            {
                break;
            }

            stored.AddRange(page);
            from = page[^1].SequenceNumber + 1;
        }

        var storedIds = stored.Select(m => m.MessageId!).ToHashSet();
        var lost = acked.Except(completed).Where(id => !storedIds.Contains(id)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged message(s) lost after kill -9, e.g. {string.Join(", ", lost.Take(5))}");
        Assert.Empty(completed.Intersect(storedIds));
        Assert.Equal(stored.Count, storedIds.Count);

        foreach (var parts in locked)
        {
            (await broker.CompleteAsync("q1", Guid.Parse(parts[2]))).Fails(BrokerCondition.MessageLockLost);
        }

        using var receiver = broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var receivable = new HashSet<string>();
        while (receiver.TryReceive(1000).Ok() is { Count: > 0 } batch)
        {
            receivable.UnionWith(batch.Select(m => m.MessageId!));
        }

        Assert.Equal(storedIds, receivable);
        Assert.All(locked, parts => Assert.Contains(parts[1], receivable));
    }
}
