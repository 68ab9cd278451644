using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Filters;
using ServiceBusEmulator.Tests.Support;

namespace ServiceBusEmulator.Tests.Broker;

public class TopicTests
{
    private readonly MessageBroker _broker;

    public TopicTests()
    {
        var configuration = new EmulatorConfiguration
        {
            Queues =
            [
                new QueueDefinition("audit"),
                new QueueDefinition("forwarder") { Properties = new EntityProperties { ForwardTo = "audit" } },
                new QueueDefinition("failing") { Properties = new EntityProperties { ForwardDeadLetteredMessagesTo = "audit", MaxDeliveryCount = 1 } },
            ],
            Topics =
            [
                new TopicDefinition("short-lived")
                {
                    Properties = new EntityProperties { DefaultMessageTimeToLive = TimeSpan.FromMinutes(1) },
                    Subscriptions = [new SubscriptionDefinition("s") { Properties = new EntityProperties { DefaultMessageTimeToLive = TimeSpan.FromHours(1) } }],
                },
                new TopicDefinition("orders")
                {
                    Subscriptions =
                    [
                        new SubscriptionDefinition("all"),
                        new SubscriptionDefinition("red") { Rules = [new RuleDefinition("red", SqlFilter.Parse("color = 'red'"))] },
                        new SubscriptionDefinition("by-subject")
                        {
                            Rules = [new RuleDefinition("c", new CorrelationFilter { Subject = "created", Properties = new Dictionary<string, object?> { ["region"] = "eu" } })],
                        },
                        new SubscriptionDefinition("tagged")
                        {
                            Rules = [new RuleDefinition("tag", SqlFilter.Parse("quantity > 5")) { Action = SqlRuleAction.Parse("SET big = TRUE; SET sys.Label = 'bulk'; REMOVE color") }],
                        },
                        new SubscriptionDefinition("forwarded") { Properties = new EntityProperties { ForwardTo = "audit" } },
                    ],
                },
            ],
        };
        (_broker, _) = TestBroker.Create(configuration);
    }

    private static BrokerMessage Order(string color, long quantity, string? subject = null, string? region = null)
    {
        var properties = new Dictionary<string, object?> { ["color"] = color, ["quantity"] = quantity };
        if (region is not null)
        {
            properties["region"] = region;
        }

        var message = Messages.Text($"{color}-{quantity}", properties: properties);
        message.Subject = subject;
        return message;
    }

    private List<string> Bodies(string address) => _broker.Peek(address, 0, 100).Ok().Select(Messages.BodyOf).ToList();

    [Fact]
    public async Task Topic_message_fans_out_to_every_matching_subscription()
    {
        await _broker.SendAsync("orders", [Order("red", 1), Order("blue", 10, "created", "eu")]);

        Assert.Equal(["red-1", "blue-10"], Bodies("orders/Subscriptions/all"));
        Assert.Equal(["red-1"], Bodies("orders/Subscriptions/red"));
        Assert.Equal(["blue-10"], Bodies("orders/subscriptions/BY-SUBJECT"));
        Assert.Equal(["blue-10"], Bodies("orders/Subscriptions/tagged"));
    }

    [Fact]
    public async Task Correlation_filter_requires_every_property_to_match()
    {
        await _broker.SendAsync("orders", [Order("a", 1, "created", "us"), Order("b", 1, "updated", "eu"), Order("c", 1, "created")]);

        Assert.Empty(Bodies("orders/Subscriptions/by-subject"));
    }

    [Fact]
    public async Task Rule_action_modifies_only_the_subscription_copy()
    {
        await _broker.SendAsync("orders", Order("green", 9));

        var tagged = Assert.Single(_broker.Peek("orders/Subscriptions/tagged", 0, 10).Ok());
        Assert.Equal(true, tagged.ModifiedApplicationProperties["big"]);
        Assert.Equal("bulk", tagged.Subject);
        Assert.True(tagged.SystemPropertiesModified);
        Assert.Contains("color", tagged.RemovedApplicationProperties);
        Assert.False(tagged.TryGetApplicationProperty("color", out _));
        var plain = Assert.Single(_broker.Peek("orders/Subscriptions/all", 0, 10).Ok());
        Assert.Null(plain.Subject);
        Assert.True(plain.TryGetApplicationProperty("color", out _));
    }

    [Fact]
    public async Task Subscription_copies_carry_the_topic_sequence_number_as_enqueued_sequence_number()
    {
        var outcome = Assert.Single((await _broker.SendAsync("orders", Order("red", 1))).Ok());

        var copy = Assert.Single(_broker.Peek("orders/Subscriptions/red", 0, 10).Ok());
        Assert.Equal(outcome.SequenceNumber, copy.EnqueuedSequenceNumber);
    }

    [Fact]
    public async Task Subscription_copies_settle_independently()
    {
        await _broker.SendAsync("orders", Order("red", 1));
        using var red = _broker.CreateReceiver("orders/Subscriptions/red", ReceiveMode.PeekLock).Ok();

        (await _broker.CompleteAsync("orders/Subscriptions/red", red.Single().LockToken)).Ok();

        Assert.Empty(Bodies("orders/Subscriptions/red"));
        Assert.Equal(["red-1"], Bodies("orders/Subscriptions/all"));
    }

    [Fact]
    public async Task Topic_default_time_to_live_caps_the_subscription_copies()
    {
        await _broker.SendAsync("short-lived", Messages.Text("x"));

        var copy = Assert.Single(_broker.Peek("short-lived/Subscriptions/s", 0, 10).Ok());
        Assert.Equal(copy.EnqueuedTime + TimeSpan.FromMinutes(1), copy.ExpiresAt);
    }

    [Fact]
    public void Receiving_from_a_topic_is_not_allowed()
    {
        _broker.CreateReceiver("orders", ReceiveMode.PeekLock).Fails(BrokerCondition.NotAllowed);
    }

    [Fact]
    public async Task Sending_to_a_subscription_is_not_allowed()
    {
        (await _broker.SendAsync("orders/Subscriptions/all", Order("red", 1))).Fails(BrokerCondition.NotAllowed);
    }

    [Fact]
    public async Task Subscription_with_forward_to_moves_its_copies_to_the_target_queue()
    {
        await _broker.SendAsync("orders", Order("red", 1));

        Assert.Empty(Bodies("orders/Subscriptions/forwarded"));
        Assert.Equal(["red-1"], Bodies("audit"));
    }

    [Fact]
    public async Task Queue_with_forward_to_delivers_into_the_target()
    {
        var outcome = Assert.Single((await _broker.SendAsync("forwarder", Messages.Text("x"))).Ok());

        Assert.Empty(Bodies("forwarder"));
        Assert.Equal(["x"], Bodies("audit"));
        Assert.Equal(1, outcome.SequenceNumber);
    }

    [Fact]
    public async Task Dead_lettered_messages_are_forwarded_with_their_source()
    {
        await _broker.SendAsync("failing", Messages.Text("poison"));
        using var receiver = _broker.CreateReceiver("failing", ReceiveMode.PeekLock).Ok();

        (await _broker.AbandonAsync("failing", receiver.Single().LockToken)).Ok();

        Assert.Empty(Bodies("failing/$DeadLetterQueue"));
        var forwarded = Assert.Single(_broker.Peek("audit", 0, 10).Ok());
        Assert.Equal("failing", forwarded.DeadLetterSource);
        Assert.Equal(DeadLetterReasons.MaxDeliveryCountExceeded, forwarded.DeadLetterReason);
    }

    [Fact]
    public async Task Cancelling_a_scheduled_topic_message_cancels_every_subscription_copy()
    {
        var message = Order("red", 1);
        message.ScheduledEnqueueTime = DateTimeOffset.UtcNow.AddYears(10);
        var outcome = Assert.Single((await _broker.ScheduleAsync("orders", [message])).Ok());
        Assert.Single(_broker.Peek("orders/Subscriptions/red", 0, 10).Ok());

        (await _broker.CancelScheduledAsync("orders", [outcome.SequenceNumber])).Ok();

        Assert.Empty(Bodies("orders/Subscriptions/red"));
        Assert.Empty(Bodies("orders/Subscriptions/all"));
    }
}
