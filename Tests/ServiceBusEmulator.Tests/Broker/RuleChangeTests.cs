using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Filters;
using ServiceBusEmulator.Tests.Support;

namespace ServiceBusEmulator.Tests.Broker;

public class RuleChangeTests
{
    private const string Subscription = "orders/Subscriptions/s";
    private readonly MessageBroker _broker;

    public RuleChangeTests()
    {
        (_broker, _) = TestBroker.Create(new EmulatorConfiguration
        {
            Queues = [new QueueDefinition("q")],
            Topics = [new TopicDefinition("orders") { Subscriptions = [new SubscriptionDefinition("s")] }],
        });
    }

    private static BrokerMessage Order(string body, long quantity) =>
        Messages.Text(body, properties: new Dictionary<string, object?> { ["quantity"] = quantity });

    private List<string> Bodies() => _broker.Peek(Subscription, 0, 100).Ok().Select(Messages.BodyOf).ToList();

    [Fact]
    public async Task Rules_added_and_removed_decide_the_copies_of_the_next_messages()
    {
        _broker.RemoveRule(Subscription, RuleDefinition.DefaultRuleName).Ok();
        await _broker.SendAsync("orders", Order("dropped", 50));
        _broker.AddRule(Subscription, new RuleDefinition("big", SqlFilter.Parse("quantity > 10"))).Ok();
        await _broker.SendAsync("orders", [Order("small", 1), Order("large", 20)]);

        Assert.Equal(["large"], Bodies());
        Assert.Equal(["big"], _broker.GetRules(Subscription).Ok().Select(rule => rule.Name));
    }

    [Fact]
    public void A_taken_name_a_missing_rule_and_a_path_that_is_no_subscription_are_refused()
    {
        _broker.AddRule(Subscription, new RuleDefinition("$DEFAULT", TrueFilter.Instance)).Fails(BrokerCondition.EntityAlreadyExists);
        _broker.RemoveRule(Subscription, "missing").Fails(BrokerCondition.NotFound);
        _broker.GetRules("q").Fails(BrokerCondition.NotFound);
        _broker.GetRules("orders/Subscriptions/s/$DeadLetterQueue").Fails(BrokerCondition.NotFound);

        Assert.Equal([RuleDefinition.DefaultRuleName], _broker.GetRules("ORDERS/subscriptions/S").Ok().Select(rule => rule.Name));
    }
}
