using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using ServiceBusEmulator.DotNetConformance.Support;

namespace ServiceBusEmulator.DotNetConformance;

/// <summary>Sessions: accept the next or a named one, ordered delivery, state, renewal, exclusivity and the session processor.</summary>
public sealed class SessionTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_named_session_delivers_its_messages_in_order_and_keeps_its_state()
    {
        await using var client = emulator.CreateClient();
        var sender = client.CreateSender("sessions");
        await sender.SendMessagesAsync(Enumerable.Range(0, 3).Select(i => new ServiceBusMessage($"{i}") { SessionId = "named" }));
        await sender.SendMessageAsync(new ServiceBusMessage("other") { SessionId = "other-session" });

        var session = await client.AcceptSessionAsync("sessions", "named");
        var received = new List<ServiceBusReceivedMessage>();
        while (received.Count < 3 && await session.ReceiveMessagesAsync(3 - received.Count, Wait) is { Count: > 0 } some)
        {
            received.AddRange(some);
        }

        await session.SetSessionStateAsync(BinaryData.FromString("checkpoint 2"));
        var state = await session.GetSessionStateAsync();
        var lockedUntil = session.SessionLockedUntil;
        await session.RenewSessionLockAsync();
        foreach (var message in received)
        {
            await session.CompleteMessageAsync(message);
        }

        Assert.Equal(["0", "1", "2"], received.Select(m => m.Body.ToString()));
        Assert.All(received, m => Assert.Equal("named", m.SessionId));
        Assert.Equal("checkpoint 2", state.ToString());
        Assert.True(session.SessionLockedUntil >= lockedUntil);
        await session.CloseAsync();

        var reopened = await client.AcceptSessionAsync("sessions", "named");
        Assert.Equal("checkpoint 2", (await reopened.GetSessionStateAsync()).ToString());
        await reopened.SetSessionStateAsync(null);
        await reopened.CloseAsync();
        var next = await client.AcceptNextSessionAsync("sessions");
        Assert.Equal("other-session", next.SessionId);
        await next.CompleteMessageAsync(await next.ReceiveMessageAsync(Wait));
    }

    [Fact]
    public async Task A_session_held_by_one_receiver_cannot_be_locked_by_another()
    {
        await using var client = emulator.CreateClient();
        await client.CreateSender("sessions").SendMessageAsync(new ServiceBusMessage("held") { SessionId = "held" });
        var holder = await client.AcceptSessionAsync("sessions", "held");

        var refused = await Assert.ThrowsAsync<ServiceBusException>(() => client.AcceptSessionAsync("sessions", "held"));

        Assert.Equal(ServiceBusFailureReason.SessionCannotBeLocked, refused.Reason);
        await holder.CompleteMessageAsync(await holder.ReceiveMessageAsync(Wait));
    }

    [Fact]
    public async Task Accepting_the_next_session_when_none_has_messages_times_out_as_the_SDK_expects()
    {
        await using var client = emulator.CreateClient();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        var none = await Assert.ThrowsAnyAsync<Exception>(() => client.AcceptNextSessionAsync("no-sessions", cancellationToken: cancel.Token));

        Assert.True(none is OperationCanceledException or TaskCanceledException || none is ServiceBusException { Reason: ServiceBusFailureReason.ServiceTimeout }, none.ToString());
    }

    [Fact]
    public async Task A_session_lock_that_runs_out_closes_the_session_receiver_and_returns_its_messages()
    {
        await using var client = emulator.CreateClient();
        await client.CreateSender("short-session-lock").SendMessageAsync(new ServiceBusMessage("lapse") { SessionId = "lapse" });
        var session = await client.AcceptNextSessionAsync("short-session-lock");
        var message = await session.ReceiveMessageAsync(Wait);

        // The SDK documents IsClosed as true once the service closes the session link (session lock lost): the lock
        // runs out 5 s after the accept, and the emulator detaches the link then.
        var deadline = DateTimeOffset.UtcNow.AddSeconds(15);
        while (!session.IsClosed && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        Assert.True(session.IsClosed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.CompleteMessageAsync(message));
        var again = await client.AcceptSessionAsync("short-session-lock", "lapse");
        var redelivered = await again.ReceiveMessageAsync(Wait);
        Assert.Equal(2, redelivered.DeliveryCount);
        await again.CompleteMessageAsync(redelivered);
    }

    [Fact]
    public async Task The_session_processor_handles_each_session_in_order_and_records_state()
    {
        await using var client = emulator.CreateClient();
        var sender = client.CreateSender("session-processor");
        var sessions = new[] { "s1", "s2", "s3" };
        await sender.SendMessagesAsync(sessions.SelectMany(s => Enumerable.Range(0, 4).Select(i => new ServiceBusMessage($"{i}") { SessionId = s })));
        var seen = new ConcurrentDictionary<string, ConcurrentQueue<string>>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = client.CreateSessionProcessor("session-processor", new ServiceBusSessionProcessorOptions
        {
            MaxConcurrentSessions = 2,
            AutoCompleteMessages = false,
            SessionIdleTimeout = TimeSpan.FromSeconds(1),
        });
        processor.ProcessMessageAsync += async args =>
        {
            seen.GetOrAdd(args.SessionId, _ => new()).Enqueue(args.Message.Body.ToString());
            await args.SetSessionStateAsync(BinaryData.FromString(args.Message.Body.ToString()));
            await args.CompleteMessageAsync(args.Message);
            if (seen.Values.Sum(q => q.Count) == 12)
            {
                done.TrySetResult();
            }
        };
        processor.ProcessErrorAsync += args =>
        {
            done.TrySetException(args.Exception);
            return Task.CompletedTask;
        };

        await processor.StartProcessingAsync();
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await processor.StopProcessingAsync();

        Assert.Equal(sessions, seen.Keys.Order());
        Assert.All(seen.Values, q => Assert.Equal(["0", "1", "2", "3"], q));
        var s1 = await client.AcceptSessionAsync("session-processor", "s1");
        Assert.Equal("3", (await s1.GetSessionStateAsync()).ToString());
    }
}
