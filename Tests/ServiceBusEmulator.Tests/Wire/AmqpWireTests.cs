using Amqp;
using Amqp.Framing;
using Amqp.Messaging;
using Amqp.Types;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Hosting;
using ServiceBusEmulator.Tests.Support;

namespace ServiceBusEmulator.Tests.Wire;

/// <summary>
/// The emulator's AMQP endpoint seen by a raw client over 127.0.0.1: the exact wire types and shapes the .NET SDK
/// depends on (it casts with (int), (long), (DateTime) and reads arrays as arrays), which the JS conformance suite
/// cannot observe because JS accepts looser types.
/// </summary>
public sealed class AmqpWireTests : IAsyncLifetime
{
    private static readonly EmulatorConfiguration Configuration = new()
    {
        Queues =
        [
            new QueueDefinition("q1"),
            new QueueDefinition("dl"),
            new QueueDefinition("batch"),
            new QueueDefinition("empty"),
            new QueueDefinition("settled"),
            new QueueDefinition("mgmt"),
            new QueueDefinition("sq") { Properties = new EntityProperties { RequiresSession = true } },
        ],
    };

    private ServiceBusEmulatorHost _host = null!;
    private WireClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await ServiceBusEmulatorHost.StartAsync(new EmulatorOptions { Configuration = Configuration, Port = 0, ManagementPort = -1 });
        _client = await WireClient.ConnectAsync(_host);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Put_token_answers_an_int_status_code_with_kebab_case_keys()
    {
        var response = await _client.PutTokenAsync("q1");

        Assert.Equal(202, Assert.IsType<int>(response.ApplicationProperties!["status-code"]));
        Assert.Equal("Accepted", response.ApplicationProperties["status-description"]);
    }

    [Fact]
    public async Task Wrong_key_gets_401_and_the_link_is_refused_as_unauthorized()
    {
        var response = await _client.PutTokenAsync("q1", key: "not-the-key");

        Assert.Equal(401, Assert.IsType<int>(response.ApplicationProperties!["status-code"]));
        var refused = await Assert.ThrowsAsync<AmqpException>(() => _client.AttachSenderAsync("/q1"));
        Assert.Equal("amqp:unauthorized-access", refused.Condition.Value);
    }

    [Fact]
    public async Task Unknown_entity_is_refused_with_not_found_naming_the_entity()
    {
        await _client.PutTokenAsync("");

        var refused = await Assert.ThrowsAsync<AmqpException>(() => _client.AttachSenderAsync("/nope"));

        Assert.Equal("amqp:not-found", refused.Condition.Value);
        Assert.Contains("The messaging entity 'nope' could not be found", refused.Error.Description);
    }

    [Fact]
    public async Task Sender_attach_advertises_the_entity_max_message_size()
    {
        await _client.PutTokenAsync("q1");

        var sender = await _client.AttachSenderAsync("/q1");

        Assert.Equal(262144ul, sender.RemoteAttach!.MaxMessageSize);
    }

    [Fact]
    public async Task Peek_lock_delivery_carries_the_lock_token_as_tag_and_typed_annotations()
    {
        await _client.PutTokenAsync("q1");
        var sender = await _client.AttachSenderAsync("/q1");
        var sent = await sender.SendAsync(new AmqpMessage { Properties = new Properties { MessageId = "m1" }, DataBody = [new Data("hello"u8.ToArray())] });
        Assert.IsType<Accepted>(sent);

        var receiver = await _client.AttachPeekLockReceiverAsync("/q1", credit: 1);
        var delivery = (await receiver.ReceiveAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token))!;
        var message = delivery.GetMessage();

        Assert.Equal(0u, message.Header!.DeliveryCount);
        Assert.Equal(1L, Assert.IsType<long>(message.MessageAnnotations![new AmqpSymbol("x-opt-sequence-number")]));
        Assert.IsType<AmqpTimestamp>(message.MessageAnnotations[new AmqpSymbol("x-opt-enqueued-time")]);
        var lockedUntil = Assert.IsType<AmqpTimestamp>(message.MessageAnnotations[new AmqpSymbol("x-opt-locked-until")]);
        Assert.True(lockedUntil.ToDateTime() > DateTime.UtcNow);
        Assert.Equal("hello"u8.ToArray(), message.GetDataBody().ToArray());

        // The tag is the lock token in .NET byte order; $management takes it as an AMQP uuid (RFC order).
        var lockToken = new Guid(delivery.DeliveryTag);
        var renewed = await _client.ManagementAsync("q1", "com.microsoft:renew-lock", new AmqpMap { ["lock-tokens"] = AmqpArray.Of(lockToken) });
        Assert.Equal(200, Assert.IsType<int>(renewed.ApplicationProperties!["statusCode"]));
        var expirations = Assert.IsType<AmqpArray>(((AmqpMap)renewed.ValueBody!.Value!)["expirations"]);
        Assert.Equal(FormatCode.Timestamp, expirations.ElementCode);

        Assert.IsType<Accepted>(await receiver.AcceptAsync(delivery));
        var peek = await _client.ManagementAsync("q1", "com.microsoft:peek-message", new AmqpMap { ["from-sequence-number"] = 1L, ["message-count"] = 10 });
        Assert.Equal(204, peek.ApplicationProperties!["statusCode"]);
    }

    [Fact]
    public async Task Dead_letter_with_symbol_keyed_info_is_settled_rejected_without_an_error()
    {
        await _client.PutTokenAsync("dl");
        var sender = await _client.AttachSenderAsync("/dl");
        await sender.SendAsync(new AmqpMessage { Properties = new Properties { MessageId = "poison" }, DataBody = [new Data(new byte[] { 1 })] });
        var receiver = await _client.AttachPeekLockReceiverAsync("/dl", credit: 1);
        var delivery = (await receiver.ReceiveAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token))!;

        var info = new AmqpMap
        {
            [new AmqpSymbol("DeadLetterReason")] = "Bad",
            [new AmqpSymbol("DeadLetterErrorDescription")] = "very bad",
            [new AmqpSymbol("extra")] = 5u,
        };
        var reply = await receiver.RejectAsync(delivery, new Error(new AmqpSymbol("com.microsoft:dead-letter"), null, info));

        Assert.Null(Assert.IsType<Rejected>(reply).Error);
        var peek = await _client.ManagementAsync("dl/$DeadLetterQueue", "com.microsoft:peek-message", new AmqpMap { ["from-sequence-number"] = 1L, ["message-count"] = 1 });
        var entry = (AmqpMap)Assert.Single((AmqpList)((AmqpMap)peek.ValueBody!.Value!)["messages"]!)!;
        var deadLettered = AmqpMessage.Decode((byte[])entry["message"]!);
        Assert.Equal("Bad", deadLettered.ApplicationProperties!["DeadLetterReason"]);
        Assert.Equal("very bad", deadLettered.ApplicationProperties["DeadLetterErrorDescription"]);
        Assert.Equal(5u, deadLettered.ApplicationProperties["extra"]);
        Assert.Equal(0, Assert.IsType<int>(deadLettered.MessageAnnotations![new AmqpSymbol("x-opt-message-state")]));
    }

    [Fact]
    public async Task Batched_transfer_stores_each_inner_message_in_order()
    {
        await _client.PutTokenAsync("batch");
        var sender = await _client.AttachSenderAsync("/batch");
        var envelope = new AmqpMessage { DataBody = [] };
        foreach (var id in new[] { "a", "b", "c" })
        {
            using var writer = new AmqpWriter();
            new AmqpMessage { Properties = new Properties { MessageId = id }, DataBody = [new Data(new byte[] { 7 })] }.Encode(writer);
            envelope.DataBody.Add(new Data(writer.WrittenSpan.ToArray()));
        }

        using var encoded = new AmqpWriter();
        envelope.Encode(encoded);
        var outcome = await sender.SendAsync(encoded.WrittenMemory.ToArray(), new SendOptions { MessageFormat = 0x80013700 });

        Assert.IsType<Accepted>(outcome);
        var peek = await _client.ManagementAsync("batch", "com.microsoft:peek-message", new AmqpMap { ["from-sequence-number"] = 1L, ["message-count"] = 10 });
        var ids = ((AmqpList)((AmqpMap)peek.ValueBody!.Value!)["messages"]!)
            .Select(item => AmqpMessage.Decode((byte[])((AmqpMap)item!)["message"]!).Properties!.MessageId);
        Assert.Equal(["a", "b", "c"], ids);
    }

    [Fact]
    public async Task Oversize_message_is_rejected_with_message_size_exceeded_and_the_link_stays_usable()
    {
        await _client.PutTokenAsync("q1");
        var sender = await _client.AttachSenderAsync("/q1");

        var tooBig = await sender.SendAsync(new AmqpMessage { DataBody = [new Data(new byte[300 * 1024])] });
        var fine = await sender.SendAsync(new AmqpMessage { DataBody = [new Data(new byte[10])] });

        Assert.Equal("amqp:link:message-size-exceeded", Assert.IsType<Rejected>(tooBig).Error!.Condition!.Value.Value);
        Assert.IsType<Accepted>(fine);
    }

    [Fact]
    public async Task Unknown_management_operation_is_501_not_implemented_with_a_symbol_condition()
    {
        await _client.PutTokenAsync("empty");

        var response = await _client.ManagementAsync("empty", "com.microsoft:no-such-operation", []);

        Assert.Equal(501, Assert.IsType<int>(response.ApplicationProperties!["statusCode"]));
        Assert.Equal(new AmqpSymbol("amqp:not-implemented"), response.ApplicationProperties["errorCondition"]);
    }

    [Fact]
    public async Task Session_attach_reply_names_the_session_and_its_lock_in_ticks()
    {
        await _client.PutTokenAsync("sq");
        var sender = await _client.AttachSenderAsync("/sq");
        await sender.SendAsync(new AmqpMessage { Properties = new Properties { GroupId = "s1" }, DataBody = [new Data(new byte[] { 1 })] });

        var receiver = await _client.AttachPeekLockReceiverAsync("/sq", filter: new AmqpMap { [new AmqpSymbol("com.microsoft:session-filter")] = null });

        Assert.Equal("s1", receiver.RemoteAttach!.Source!.Filter![new AmqpSymbol("com.microsoft:session-filter")]);
        var ticks = Assert.IsType<long>(receiver.RemoteAttach.Properties![new AmqpSymbol("com.microsoft:locked-until-utc")]);
        Assert.True(new DateTime(ticks, DateTimeKind.Utc) > DateTime.UtcNow);
        var delivery = await receiver.ReceiveAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        Assert.Equal("s1", delivery!.GetMessage().Properties!.GroupId);
    }

    [Fact]
    public async Task A_client_that_settles_in_one_step_still_completes_the_message()
    {
        await _client.PutTokenAsync("settled");
        var sender = await _client.AttachSenderAsync("/settled");
        await sender.SendAsync(new AmqpMessage { DataBody = [new Data(new byte[] { 1 })] });
        var receiver = await _client.Session.AttachReceiverAsync(new AmqpLinkSettings
        {
            Source = new Source { Address = "/settled" },
            Target = new Target { Address = "one-step" },
            ReceiverSettleMode = ReceiverSettleMode.First,
            Credit = 1,
        }, CancellationToken.None);
        var delivery = (await receiver.ReceiveAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token))!;

        await receiver.AcceptAsync(delivery);

        AmqpMessage peek;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        do
        {
            peek = await _client.ManagementAsync("settled", "com.microsoft:peek-message", new AmqpMap { ["from-sequence-number"] = 1L, ["message-count"] = 1 });
        }
        while (peek.ApplicationProperties!["statusCode"] is not 204 && DateTime.UtcNow < deadline);

        Assert.Equal(204, peek.ApplicationProperties["statusCode"]);
    }

    [Fact]
    public async Task Session_receiver_is_detached_with_session_lock_lost_when_its_lock_runs_out()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await ServiceBusEmulatorHost.StartAsync(new EmulatorOptions
        {
            Configuration = Configuration, Port = 0, ManagementPort = -1, TimeProvider = clock,
        });
        await using var client = await WireClient.ConnectAsync(host);
        await client.PutTokenAsync("sq");
        var sender = await client.AttachSenderAsync("/sq");
        await sender.SendAsync(new AmqpMessage { Properties = new Properties { GroupId = "expiring" }, DataBody = [new Data(new byte[] { 1 })] });
        var receiver = await client.AttachPeekLockReceiverAsync("/sq", filter: new AmqpMap { [new AmqpSymbol("com.microsoft:session-filter")] = "expiring" });

        clock.Advance(TimeSpan.FromMinutes(2));
        await receiver.Closed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("com.microsoft:session-lock-lost", receiver.Error!.Condition!.Value.Value);
    }

    [Fact]
    public async Task Schedule_returns_a_long_array_and_deferred_messages_come_back_with_uuid_lock_tokens()
    {
        await _client.PutTokenAsync("mgmt");
        using var writer = new AmqpWriter();
        new AmqpMessage
        {
            MessageAnnotations = new MessageAnnotations(new AmqpMap
            {
                [new AmqpSymbol("x-opt-scheduled-enqueue-time")] = AmqpTimestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(1)),
            }),
            Properties = new Properties { MessageId = "scheduled" },
            DataBody = [new Data(new byte[] { 1 })],
        }.Encode(writer);

        var scheduled = await _client.ManagementAsync("mgmt", "com.microsoft:schedule-message", new AmqpMap
        {
            ["messages"] = new AmqpList { new AmqpMap { ["message"] = writer.WrittenSpan.ToArray(), ["message-id"] = "scheduled" } },
        });
        var sequenceNumbers = Assert.IsType<AmqpArray>(((AmqpMap)scheduled.ValueBody!.Value!)["sequence-numbers"]);
        Assert.Equal(FormatCode.Long, sequenceNumbers.ElementCode);
        var cancelled = await _client.ManagementAsync("mgmt", "com.microsoft:cancel-scheduled-message", new AmqpMap { ["sequence-numbers"] = sequenceNumbers });
        Assert.Equal(200, cancelled.ApplicationProperties!["statusCode"]);

        var sender = await _client.AttachSenderAsync("/mgmt");
        await sender.SendAsync(new AmqpMessage { Properties = new Properties { MessageId = "deferred" }, DataBody = [new Data(new byte[] { 2 })] });
        var receiver = await _client.AttachPeekLockReceiverAsync("/mgmt", credit: 1);
        var delivery = (await receiver.ReceiveAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token))!;
        var sequenceNumber = (long)delivery.GetMessage().MessageAnnotations![new AmqpSymbol("x-opt-sequence-number")]!;
        Assert.IsType<Modified>(await receiver.ModifyAsync(delivery, deliveryFailed: false, undeliverableHere: true));

        var received = await _client.ManagementAsync("mgmt", "com.microsoft:receive-by-sequence-number", new AmqpMap
        {
            ["sequence-numbers"] = AmqpArray.Of(sequenceNumber),
            ["receiver-settle-mode"] = 1u,
        });
        var entry = (AmqpMap)Assert.Single((AmqpList)((AmqpMap)received.ValueBody!.Value!)["messages"]!)!;
        var lockToken = Assert.IsType<Guid>(entry["lock-token"]);
        var message = AmqpMessage.Decode((byte[])entry["message"]!);
        Assert.Equal(1, message.MessageAnnotations![new AmqpSymbol("x-opt-message-state")]);

        var completed = await _client.ManagementAsync("mgmt", "com.microsoft:update-disposition", new AmqpMap
        {
            ["lock-tokens"] = AmqpArray.Of(lockToken),
            ["disposition-status"] = "completed",
        });
        Assert.Equal(200, completed.ApplicationProperties!["statusCode"]);
        var again = await _client.ManagementAsync("mgmt", "com.microsoft:update-disposition", new AmqpMap
        {
            ["lock-tokens"] = AmqpArray.Of(lockToken),
            ["disposition-status"] = "completed",
        });
        Assert.Equal(410, again.ApplicationProperties!["statusCode"]);
        Assert.Equal(new AmqpSymbol("com.microsoft:message-lock-lost"), again.ApplicationProperties["errorCondition"]);
    }

    [Fact]
    public async Task Session_state_round_trips_as_binary()
    {
        await _client.PutTokenAsync("sq");
        var sender = await _client.AttachSenderAsync("/sq");
        await sender.SendAsync(new AmqpMessage { Properties = new Properties { GroupId = "stateful" }, DataBody = [new Data(new byte[] { 1 })] });
        await _client.AttachPeekLockReceiverAsync("/sq", filter: new AmqpMap { [new AmqpSymbol("com.microsoft:session-filter")] = "stateful" });

        var set = await _client.ManagementAsync("sq", "com.microsoft:set-session-state", new AmqpMap { ["session-id"] = "stateful", ["session-state"] = new byte[] { 4, 2 } });
        var get = await _client.ManagementAsync("sq", "com.microsoft:get-session-state", new AmqpMap { ["session-id"] = "stateful" });
        var renewed = await _client.ManagementAsync("sq", "com.microsoft:renew-session-lock", new AmqpMap { ["session-id"] = "stateful" });

        Assert.Equal(200, set.ApplicationProperties!["statusCode"]);
        Assert.Equal(new byte[] { 4, 2 }, ((AmqpMap)get.ValueBody!.Value!)["session-state"]);
        Assert.IsType<AmqpTimestamp>(((AmqpMap)renewed.ValueBody!.Value!)["expiration"]);
    }

    [Fact]
    public async Task Drain_on_an_empty_queue_is_answered_at_once()
    {
        await _client.PutTokenAsync("empty");
        var receiver = await _client.AttachPeekLockReceiverAsync("/empty", credit: 5);

        await receiver.DrainAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);

        Assert.Equal(0u, receiver.Credit);
    }
}
