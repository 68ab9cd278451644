using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Persistence;
using ServiceBusEmulator.Tests.Support;

namespace ServiceBusEmulator.Tests.Persistence;

public class JournalRecoveryTests : IDisposable
{
    private readonly TemporaryDirectory _data = new();
    private readonly ManualTimeProvider _clock = new();

    private static readonly EmulatorConfiguration Configuration = new()
    {
        Queues =
        [
            new QueueDefinition("q1") { Properties = new EntityProperties { RequiresDuplicateDetection = true, DuplicateDetectionHistoryTimeWindow = TimeSpan.FromMinutes(10) } },
            new QueueDefinition("sessions") { Properties = new EntityProperties { RequiresSession = true } },
        ],
        Topics =
        [
            new TopicDefinition("t")
            {
                Subscriptions = [new SubscriptionDefinition("s") { Rules = [new RuleDefinition("only-b", ServiceBusEmulator.Filters.SqlFilter.Parse("sys.Label = 'b'"))] }],
            },
        ],
    };

    private Task<MessageBroker> Start(EmulatorConfiguration? configuration = null) =>
        MessageBroker.StartAsync(configuration ?? Configuration, new BrokerOptions { DataDirectory = _data.Path, TimeProvider = _clock });

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Acknowledged_messages_survive_a_restart_with_their_properties_and_types()
    {
        await using (var broker = await Start())
        {
            var message = Messages.Text("hello", "m1", properties: new Dictionary<string, object?>
            {
                ["uint"] = 7u, ["int"] = -3, ["ulong"] = 5_000_000_000ul, ["double"] = 1.5, ["bool"] = true,
                ["when"] = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), ["id"] = Guid.Parse("c4a915e2-ae41-49af-bdf8-000000000001"),
                ["bytes"] = new byte[] { 1, 2 }, ["null"] = null,
            });
            message.Subject = "created";
            message.TimeToLive = TimeSpan.FromDays(1);
            await broker.SendAsync("q1", message);
        }

        await using var restarted = await Start();
        var recovered = Assert.Single(restarted.Peek("q1", 0, 10).Ok());

        Assert.Equal("hello", Messages.BodyOf(recovered));
        Assert.Equal("m1", recovered.MessageId);
        Assert.Equal("created", recovered.Subject);
        Assert.Equal(TimeSpan.FromDays(1), recovered.TimeToLive);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromDays(1), recovered.ExpiresAt);
        Assert.Equal(7u, recovered.ApplicationProperties["uint"]);
        Assert.Equal(-3, recovered.ApplicationProperties["int"]);
        Assert.Equal(5_000_000_000ul, recovered.ApplicationProperties["ulong"]);
        Assert.Equal(1.5, recovered.ApplicationProperties["double"]);
        Assert.Equal(true, recovered.ApplicationProperties["bool"]);
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), recovered.ApplicationProperties["when"]);
        Assert.Equal(Guid.Parse("c4a915e2-ae41-49af-bdf8-000000000001"), recovered.ApplicationProperties["id"]);
        Assert.Equal(new byte[] { 1, 2 }, recovered.ApplicationProperties["bytes"]);
        Assert.Null(recovered.ApplicationProperties["null"]);
        Assert.Equal(1, restarted.RecoveredMessages);
    }

    [Fact]
    public async Task Completed_messages_stay_gone_and_sequence_numbers_continue_after_restart()
    {
        await using (var broker = await Start())
        {
            await broker.SendAsync("q1", [Messages.Text("a", "a"), Messages.Text("b", "b")]);
            using var receiver = broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
            (await broker.CompleteAsync("q1", receiver.Single().LockToken)).Ok();
        }

        await using (var restarted = await Start())
        {
            Assert.Equal(["b"], restarted.Peek("q1", 0, 10).Ok().Select(Messages.BodyOf));
            using var receiver = restarted.CreateReceiver("q1", ReceiveMode.ReceiveAndDelete).Ok();
            receiver.Single();
        }

        await using var third = await Start();
        Assert.Empty(third.Peek("q1", 0, 10).Ok());
        Assert.Equal(3, Assert.Single((await third.SendAsync("q1", Messages.Text("c", "c"))).Ok()).SequenceNumber);
    }

    [Fact]
    public async Task Locked_message_is_available_again_after_restart_and_its_lock_is_gone()
    {
        Guid lockToken;
        await using (var broker = await Start())
        {
            await broker.SendAsync("q1", Messages.Text("x", "x"));
            using var receiver = broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
            lockToken = receiver.Single().LockToken;
        }

        await using var restarted = await Start();
        (await restarted.CompleteAsync("q1", lockToken)).Fails(BrokerCondition.MessageLockLost);
        using var again = restarted.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        var message = again.Single();

        // Lock acquisition is not journaled, so a delivery interrupted by a restart is not counted.
        Assert.Equal(0, message.DeliveryCount);
    }

    [Fact]
    public async Task Settlement_outcomes_survive_a_restart()
    {
        await using (var broker = await Start())
        {
            await broker.SendAsync("q1", [Messages.Text("abandoned", "1"), Messages.Text("deferred", "2"), Messages.Text("dead", "3")]);
            using var receiver = broker.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
            var messages = receiver.TryReceive(3).Ok();
            await broker.AbandonAsync("q1", messages[0].LockToken, new Dictionary<string, object?> { ["tries"] = 1 });
            await broker.DeferAsync("q1", messages[1].LockToken);
            await broker.DeadLetterAsync("q1", messages[2].LockToken, "Broken", "could not parse");
        }

        await using var restarted = await Start();
        var peeked = restarted.Peek("q1", 0, 10).Ok();
        Assert.Equal(1, peeked[0].DeliveryCount);
        Assert.Equal(1, peeked[0].ModifiedApplicationProperties["tries"]);
        Assert.Equal(MessageState.Deferred, peeked[1].State);
        Assert.Single(restarted.ReceiveDeferred("q1", [peeked[1].SequenceNumber], ReceiveMode.PeekLock).Ok());
        var dead = Assert.Single(restarted.Peek("q1/$DeadLetterQueue", 0, 10).Ok());
        Assert.Equal("Broken", dead.DeadLetterReason);
        Assert.Equal("could not parse", dead.DeadLetterErrorDescription);
    }

    [Fact]
    public async Task Scheduled_message_survives_a_restart_and_is_delivered_when_due()
    {
        await using (var broker = await Start())
        {
            var message = Messages.Text("later", "s");
            message.ScheduledEnqueueTime = _clock.GetUtcNow().AddMinutes(5);
            await broker.ScheduleAsync("q1", [message]);
        }

        await using var restarted = await Start();
        using var receiver = restarted.CreateReceiver("q1", ReceiveMode.PeekLock).Ok();
        receiver.Empty();
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("later", Messages.BodyOf(receiver.Single()));
    }

    [Fact]
    public async Task Session_state_and_topic_copies_survive_a_restart()
    {
        await using (var broker = await Start())
        {
            await broker.SendAsync("sessions", Messages.Text("s1", sessionId: "a"));
            using var session = (await broker.AcceptSessionAsync("sessions", "a", ReceiveMode.PeekLock, TimeSpan.Zero)).Ok();
            await broker.SetSessionStateAsync("sessions", "a", [4, 2]);
            var skipped = Messages.Text("not for s");
            skipped.Subject = "a";
            var kept = Messages.Text("fan-out");
            kept.Subject = "b";
            await broker.SendAsync("t", [skipped, kept]);
        }

        await using var restarted = await Start();
        using var again = (await restarted.AcceptSessionAsync("sessions", "a", ReceiveMode.PeekLock, TimeSpan.Zero)).Ok();
        Assert.Equal([4, 2], restarted.GetSessionState("sessions", "a").Ok());
        Assert.Equal("s1", Messages.BodyOf(again.Single()));
        var copy = Assert.Single(restarted.Peek("t/Subscriptions/s", 0, 10).Ok());
        Assert.Equal(1, copy.SequenceNumber);
        Assert.Equal(2, copy.EnqueuedSequenceNumber);
        Assert.Equal(3, Assert.Single((await restarted.SendAsync("t", Messages.Text("next"))).Ok()).SequenceNumber);
    }

    [Fact]
    public async Task Duplicate_detection_history_survives_a_restart()
    {
        await using (var broker = await Start())
        {
            await broker.SendAsync("q1", Messages.Text("first", "dup"));
            using var receiver = broker.CreateReceiver("q1", ReceiveMode.ReceiveAndDelete).Ok();
            receiver.Single();
        }

        await using var restarted = await Start();
        Assert.True(Assert.Single((await restarted.SendAsync("q1", Messages.Text("again", "dup"))).Ok()).IsDuplicate);
    }

    [Fact]
    public async Task Truncated_last_record_is_ignored_not_fatal()
    {
        await using (var broker = await Start())
        {
            await broker.SendAsync("q1", Messages.Text("kept", "1"));
            await broker.SendAsync("q1", Messages.Text("torn", "2"));
        }

        var journal = Path.Combine(_data.Path, MessageJournal.FileName);
        var length = new FileInfo(journal).Length;
        using (var file = new FileStream(journal, FileMode.Open))
        {
            file.SetLength(length - 5);
        }

        await using var restarted = await Start();
        Assert.Equal(["kept"], restarted.Peek("q1", 0, 10).Ok().Select(Messages.BodyOf));
    }

    [Fact]
    public async Task Corrupted_last_record_is_ignored_not_fatal()
    {
        await using (var broker = await Start())
        {
            await broker.SendAsync("q1", Messages.Text("kept", "1"));
            await broker.SendAsync("q1", Messages.Text("corrupt", "2"));
        }

        var journal = Path.Combine(_data.Path, MessageJournal.FileName);
        var bytes = await File.ReadAllBytesAsync(journal);
        bytes[^3] ^= 0xFF;
        await File.WriteAllBytesAsync(journal, bytes);

        await using var restarted = await Start();
        Assert.Equal(["kept"], restarted.Peek("q1", 0, 10).Ok().Select(Messages.BodyOf));
    }

    [Fact]
    public async Task Garbage_after_the_last_record_is_ignored_and_compacted_away()
    {
        await using (var broker = await Start())
        {
            await broker.SendAsync("q1", Messages.Text("kept", "1"));
        }

        await File.AppendAllTextAsync(Path.Combine(_data.Path, MessageJournal.FileName), "\u0001\u0002half a header");

        await using (var restarted = await Start())
        {
            Assert.Single(restarted.Peek("q1", 0, 10).Ok());
            await restarted.SendAsync("q1", Messages.Text("after", "2"));
        }

        await using var third = await Start();
        Assert.Equal(["kept", "after"], third.Peek("q1", 0, 10).Ok().Select(Messages.BodyOf));
    }

    [Fact]
    public async Task Messages_of_entities_removed_from_the_config_are_dropped_and_counted()
    {
        await using (var broker = await Start())
        {
            await broker.SendAsync("q1", Messages.Text("orphan", "o"));
        }

        await using var restarted = await Start(new EmulatorConfiguration { Queues = [new QueueDefinition("other")] });

        Assert.Equal(1, restarted.DroppedOnRecovery);
    }

    [Fact]
    public async Task Journal_is_compacted_on_start()
    {
        await using (var broker = await Start())
        {
            using var receiver = broker.CreateReceiver("q1", ReceiveMode.ReceiveAndDelete).Ok();
            for (var i = 0; i < 200; i++)
            {
                await broker.SendAsync("q1", Messages.Text(new string('x', 1000), $"m{i}"));
                receiver.Single();
            }
        }

        var before = new FileInfo(Path.Combine(_data.Path, MessageJournal.FileName)).Length;
        await using var restarted = await Start();
        var after = new FileInfo(Path.Combine(_data.Path, MessageJournal.FileName)).Length;

        Assert.True(after < before / 10, $"journal {before} bytes before compaction, {after} after");
    }
}
