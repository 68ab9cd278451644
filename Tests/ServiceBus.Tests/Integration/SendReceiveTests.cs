using ServiceBus.Tests.Support;

namespace ServiceBus.Tests.Integration;

/// <summary>Our client against our emulator over 127.0.0.1: the round trips a consumer depends on.</summary>
public sealed class SendReceiveTests : EmulatorTest
{
    [Fact]
    public async Task Sent_message_is_received_with_its_properties_and_completed_once()
    {
        await using var sender = Client.CreateSender("orders");
        var sent = new ServiceBusMessage("{\"store_id\":7}")
        {
            MessageId = "m-1",
            CorrelationId = "c-1",
            Subject = "StoreEvent",
            ContentType = "application/json",
            TimeToLive = TimeSpan.FromMinutes(10),
            ApplicationProperties = { ["tenant"] = "contoso", ["attempt"] = 3, ["at"] = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc) },
        };
        await sender.SendMessageAsync(sent);

        await using var receiver = Client.CreateReceiver("orders");
        var received = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(received);
        Assert.Equal("{\"store_id\":7}", received.Body.ToString());
        Assert.Equal("m-1", received.MessageId);
        Assert.Equal("c-1", received.CorrelationId);
        Assert.Equal("StoreEvent", received.Subject);
        Assert.Equal("application/json", received.ContentType);
        Assert.Equal(TimeSpan.FromMinutes(10), received.TimeToLive);
        Assert.Equal("contoso", received.ApplicationProperties["tenant"]);
        Assert.Equal(3, received.ApplicationProperties["attempt"]);
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), received.ApplicationProperties["at"]);
        Assert.Equal(1, received.DeliveryCount);
        Assert.True(received.SequenceNumber > 0);
        Assert.NotEqual(Guid.Empty.ToString(), received.LockToken);
        Assert.True(received.LockedUntil > DateTimeOffset.UtcNow);

        await receiver.CompleteMessageAsync(received);
        await Assert.ThrowsAsync<InvalidOperationException>(() => receiver.CompleteMessageAsync(received));
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Empty(await receiver.PeekMessagesAsync(10, fromSequenceNumber: 1));
    }

    [Fact]
    public async Task Message_without_an_id_gets_one_from_the_broker()
    {
        await using var sender = Client.CreateSender("orders");
        await sender.SendMessageAsync(new ServiceBusMessage("no id"));
        await using var receiver = Client.CreateReceiver("orders", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });

        var received = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10));

        Assert.False(string.IsNullOrEmpty(received!.MessageId));
        await Assert.ThrowsAsync<InvalidOperationException>(() => receiver.CompleteMessageAsync(received));
    }

    [Fact]
    public async Task Abandoned_message_is_redelivered_with_a_higher_delivery_count_and_modified_properties()
    {
        await using var sender = Client.CreateSender("orders");
        await sender.SendMessageAsync(new ServiceBusMessage("retry me") { MessageId = "a-1" });
        await using var receiver = Client.CreateReceiver("orders");

        var first = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10));
        await receiver.AbandonMessageAsync(first!, new Dictionary<string, object?> { ["reason"] = "transient" });
        var second = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("a-1", second!.MessageId);
        Assert.Equal(1, first!.DeliveryCount);
        Assert.Equal(2, second.DeliveryCount);
        Assert.Equal("transient", second.ApplicationProperties["reason"]);
        await receiver.CompleteMessageAsync(second);
    }

    [Fact]
    public async Task Dead_lettered_message_arrives_in_the_dead_letter_subqueue_with_reason_and_description()
    {
        await using var sender = Client.CreateSender("orders");
        await sender.SendMessageAsync(new ServiceBusMessage("poison") { MessageId = "p-1" });
        await using var receiver = Client.CreateReceiver("orders");
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10));

        await receiver.DeadLetterMessageAsync(message!, "ValidationFailed", "store_id is missing");

        await using var deadLetters = Client.CreateReceiver("orders", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var dead = await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("orders/$DeadLetterQueue", deadLetters.EntityPath);
        Assert.Equal("p-1", dead!.MessageId);
        Assert.Equal("ValidationFailed", dead.DeadLetterReason);
        Assert.Equal("store_id is missing", dead.DeadLetterErrorDescription);
        Assert.Equal("poison", dead.Body.ToString());
        await deadLetters.CompleteMessageAsync(dead);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Deferred_message_is_only_reachable_by_sequence_number_and_completes_through_management()
    {
        await using var sender = Client.CreateSender("orders");
        await sender.SendMessageAsync(new ServiceBusMessage("later") { MessageId = "d-1" });
        await using var receiver = Client.CreateReceiver("orders");
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10));

        await receiver.DeferMessageAsync(message!);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(300)));
        var peeked = await receiver.PeekMessageAsync(message!.SequenceNumber);
        Assert.Equal(ServiceBusMessageState.Deferred, peeked!.State);

        var deferred = await receiver.ReceiveDeferredMessageAsync(message.SequenceNumber);
        Assert.Equal("d-1", deferred.MessageId);
        await receiver.CompleteMessageAsync(deferred);
        await Assert.ThrowsAsync<ServiceBusException>(() => receiver.ReceiveDeferredMessagesAsync([message.SequenceNumber]));
    }

    [Fact]
    public async Task Peek_reads_messages_in_order_without_locking_them()
    {
        await using var sender = Client.CreateSender("orders");
        await sender.SendMessagesAsync([new ServiceBusMessage("1") { MessageId = "k-1" }, new ServiceBusMessage("2") { MessageId = "k-2" }, new ServiceBusMessage("3") { MessageId = "k-3" }]);
        await using var receiver = Client.CreateReceiver("orders");

        var firstTwo = await receiver.PeekMessagesAsync(2);
        var rest = await receiver.PeekMessagesAsync(10);

        Assert.Equal(["k-1", "k-2"], firstTwo.Select(m => m.MessageId));
        Assert.Equal(["k-3"], rest.Select(m => m.MessageId));
        Assert.Equal(0, firstTwo[0].DeliveryCount);
        var all = await receiver.ReceiveMessagesAsync(3, TimeSpan.FromSeconds(5));
        Assert.NotEmpty(all);
    }

    [Fact]
    public async Task Scheduled_message_stays_invisible_and_a_cancelled_one_never_arrives()
    {
        await using var sender = Client.CreateSender("orders");
        var kept = await sender.ScheduleMessageAsync(new ServiceBusMessage("soon") { MessageId = "s-1" }, DateTimeOffset.UtcNow.AddSeconds(2));
        var cancelled = await sender.ScheduleMessageAsync(new ServiceBusMessage("never") { MessageId = "s-2" }, DateTimeOffset.UtcNow.AddSeconds(2));
        await sender.CancelScheduledMessageAsync(cancelled);
        Assert.NotEqual(kept, cancelled);

        await using var receiver = Client.CreateReceiver("orders");
        var peeked = await receiver.PeekMessageAsync(kept);
        Assert.Equal(ServiceBusMessageState.Scheduled, peeked!.State);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500)));

        var arrived = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("s-1", arrived!.MessageId);
        await receiver.CompleteMessageAsync(arrived);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task Batch_refuses_the_message_that_would_exceed_the_link_limit_and_sends_the_rest_as_one_transfer()
    {
        await using var sender = Client.CreateSender("orders");
        using var batch = await sender.CreateMessageBatchAsync();
        var kilobyte = new byte[1024];
        var added = 0;
        while (batch.TryAddMessage(new ServiceBusMessage(kilobyte) { MessageId = $"b-{added}" }))
        {
            added++;
        }

        Assert.Equal(256 * 1024, batch.MaxSizeInBytes);
        Assert.InRange(batch.SizeInBytes, 250 * 1024, batch.MaxSizeInBytes);
        Assert.InRange(added, 200, 255);
        await sender.SendMessagesAsync(batch);

        await using var receiver = Client.CreateReceiver("orders", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete, PrefetchCount = 100 });
        var ids = new HashSet<string>();
        while (ids.Count < added && await receiver.ReceiveMessagesAsync(100, TimeSpan.FromSeconds(5)) is { Count: > 0 } some)
        {
            ids.UnionWith(some.Select(m => m.MessageId!));
        }

        Assert.Equal(added, ids.Count);
        var tooBig = new ServiceBusMessage(new byte[300 * 1024]);
        var error = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(tooBig));
        Assert.Equal(ServiceBusFailureReason.MessageSizeExceeded, error.Reason);
    }

    [Fact]
    public async Task Settling_after_the_lock_expired_reports_message_lock_lost()
    {
        await using var sender = Client.CreateSender("orders");
        await sender.SendMessageAsync(new ServiceBusMessage("slow"));
        await using var receiver = Client.CreateReceiver("orders");
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10));

        await Task.Delay(message!.LockedUntil - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.5));

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(message));
        Assert.Equal(ServiceBusFailureReason.MessageLockLost, error.Reason);
        Assert.False(error.IsTransient);
        var again = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, again!.DeliveryCount);
        await receiver.CompleteMessageAsync(again);
    }

    [Fact]
    public async Task Renewing_a_lock_extends_it_past_the_original_expiry()
    {
        await using var sender = Client.CreateSender("orders");
        await sender.SendMessageAsync(new ServiceBusMessage("renew"));
        await using var receiver = Client.CreateReceiver("orders");
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10));
        var original = message!.LockedUntil;

        await Task.Delay(TimeSpan.FromSeconds(3));
        await receiver.RenewMessageLockAsync(message);
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.True(message.LockedUntil > original);
        await receiver.CompleteMessageAsync(message);
    }

    [Fact]
    public async Task Missing_entity_is_reported_as_messaging_entity_not_found()
    {
        await using var sender = Client.CreateSender("no-such-queue");
        var error = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage("x")));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, error.Reason);

        await using var receiver = Client.CreateReceiver("no-such-queue");
        var receiveError = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1)));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, receiveError.Reason);
    }

    [Fact]
    public async Task Wrong_key_is_reported_as_unauthorized()
    {
        var wrong = Emulator.ConnectionString.Replace("SharedAccessKey=SAS_KEY_VALUE", "SharedAccessKey=not-the-key", StringComparison.Ordinal);
        Assert.NotEqual(Emulator.ConnectionString, wrong);
        await using var client = TestClients.Create(wrong);
        await using var sender = client.CreateSender("orders");

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage("x")));

        Assert.Equal(ServiceBusFailureReason.Unauthorized, error.Reason);
    }

    [Fact]
    public async Task Topic_message_reaches_each_subscription_whose_filter_matches()
    {
        await using var sender = Client.CreateSender("events");
        await sender.SendMessagesAsync([
            new ServiceBusMessage("red") { MessageId = "t-red", ApplicationProperties = { ["color"] = "red" } },
            new ServiceBusMessage("blue") { MessageId = "t-blue", ApplicationProperties = { ["color"] = "blue" } },
        ]);
        await using var all = Client.CreateReceiver("events", "all");
        await using var red = Client.CreateReceiver("events", "red");

        var fromAll = await ReceiveAllAsync(all, 2);
        var fromRed = await ReceiveAllAsync(red, 1);

        Assert.Equal("events/Subscriptions/all", all.EntityPath);
        Assert.Equal(["t-blue", "t-red"], fromAll.Order());
        Assert.Equal(["t-red"], fromRed);
        Assert.Null(await red.ReceiveMessageAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Message_whose_receive_link_is_gone_is_completed_through_management_by_lock_token()
    {
        await using var sender = Client.CreateSender("long-lock");
        await sender.SendMessageAsync(new ServiceBusMessage("orphan") { MessageId = "o-1" });
        await using var receiver = Client.CreateReceiver("long-lock");
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10));

        await message!.Delivery!.Link.CloseAsync(); // the link dies; the lock lives on at the broker

        await receiver.CompleteMessageAsync(message);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1)));
        Assert.Empty(await receiver.PeekMessagesAsync(10, fromSequenceNumber: 1));
    }

    [Fact]
    public async Task Closing_a_prefetching_receiver_hands_untaken_messages_back_at_once()
    {
        await using var sender = Client.CreateSender("long-lock");
        await sender.SendMessagesAsync(Enumerable.Range(0, 5).Select(i => new ServiceBusMessage($"m{i}") { MessageId = $"x-{i}" }));
        var prefetching = Client.CreateReceiver("long-lock", new ServiceBusReceiverOptions { PrefetchCount = 10 });
        var taken = await prefetching.ReceiveMessageAsync(TimeSpan.FromSeconds(10));
        await prefetching.CompleteMessageAsync(taken!);
        await Task.Delay(300); // let the rest of the prefetch arrive

        await prefetching.DisposeAsync();

        await using var next = Client.CreateReceiver("long-lock");
        var rest = await ReceiveAllAsync(next, 4);
        Assert.Equal(4, rest.Count); // well inside the queue's 1-minute lock
        Assert.DoesNotContain(taken!.MessageId, rest);
    }

    private static async Task<List<string>> ReceiveAllAsync(ServiceBusReceiver receiver, int expected)
    {
        var ids = new List<string>();
        while (ids.Count < expected && await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10)) is { } message)
        {
            await receiver.CompleteMessageAsync(message);
            ids.Add(message.MessageId!);
        }

        return ids;
    }
}
