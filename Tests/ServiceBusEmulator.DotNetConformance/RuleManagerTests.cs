using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using ServiceBusEmulator.DotNetConformance.Support;

namespace ServiceBusEmulator.DotNetConformance;

/// <summary><see cref="ServiceBusRuleManager"/>: a subscription's rules listed, created and deleted at run time, and obeyed at once.</summary>
public sealed class RuleManagerTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Rules_created_and_deleted_through_the_rule_manager_decide_what_the_subscription_receives()
    {
        await using var client = emulator.CreateClient();
        await using var rules = client.CreateRuleManager("rules", "managed");

        Assert.Equal([(RuleProperties.DefaultRuleName, "1=1")], await ListAsync(rules));
        await rules.DeleteRuleAsync(RuleProperties.DefaultRuleName);
        await rules.CreateRuleAsync(new CreateRuleOptions("sql", new SqlRuleFilter("quantity > 10"))
        {
            Action = new SqlRuleAction("SET handled = 'sql'"),
        });
        await rules.CreateRuleAsync("correlation", new CorrelationRuleFilter { Subject = "urgent", ApplicationProperties = { ["region"] = "eu" } });
        var listed = await ListAsync(rules);

        var sender = client.CreateSender("rules");
        await sender.SendMessagesAsync(
        [
            new ServiceBusMessage("small") { MessageId = "small", ApplicationProperties = { ["quantity"] = 1 } },
            new ServiceBusMessage("large") { MessageId = "large", ApplicationProperties = { ["quantity"] = 11 } },
            new ServiceBusMessage("urgent") { MessageId = "urgent", Subject = "urgent", ApplicationProperties = { ["region"] = "eu" } },
        ]);
        var receiver = client.CreateReceiver("rules", "managed", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var received = new List<ServiceBusReceivedMessage>();
        while (await receiver.ReceiveMessagesAsync(10, TimeSpan.FromMilliseconds(500)) is { Count: > 0 } some)
        {
            received.AddRange(some);
        }

        Assert.Equal(["correlation", "sql"], listed.Select(r => r.Name).Order());
        Assert.Equal(["large", "urgent"], received.Select(m => m.MessageId));
        Assert.Equal("sql", received[0].ApplicationProperties["handled"]);

        await rules.DeleteRuleAsync("sql");
        await rules.DeleteRuleAsync("correlation");
        Assert.Empty(await ListAsync(rules));
        await sender.SendMessageAsync(new ServiceBusMessage("nobody") { ApplicationProperties = { ["quantity"] = 100 } });
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500)));
        await rules.CreateRuleAsync(RuleProperties.DefaultRuleName, new TrueRuleFilter());
    }

    [Fact]
    public async Task Listing_reports_each_filter_and_action_as_created()
    {
        await using var client = emulator.CreateClient();
        await using var rules = client.CreateRuleManager("orders", "big");

        var listed = new List<RuleProperties>();
        await foreach (var rule in rules.GetRulesAsync())
        {
            listed.Add(rule);
        }

        var big = Assert.Single(listed);
        Assert.Equal("big-only", big.Name);
        Assert.Equal("quantity > 10", Assert.IsType<SqlRuleFilter>(big.Filter).SqlExpression);
        Assert.Equal("SET sys.Label = 'big'", Assert.IsType<SqlRuleAction>(big.Action).SqlExpression);
        await using var red = client.CreateRuleManager("orders", "red");
        await foreach (var rule in red.GetRulesAsync())
        {
            var correlation = Assert.IsType<CorrelationRuleFilter>(rule.Filter);
            Assert.Equal(("red", "high"), (correlation.Subject, correlation.ApplicationProperties["priority"]));
        }
    }

    [Fact]
    public async Task A_duplicate_rule_name_and_a_missing_rule_are_refused_with_the_SDK_reasons()
    {
        await using var client = emulator.CreateClient();
        await using var rules = client.CreateRuleManager("orders", "all");

        var duplicate = await Assert.ThrowsAsync<ServiceBusException>(() => rules.CreateRuleAsync(RuleProperties.DefaultRuleName, new TrueRuleFilter()));
        var missing = await Assert.ThrowsAsync<ServiceBusException>(() => rules.DeleteRuleAsync("no-such-rule"));
        var invalid = await Assert.ThrowsAnyAsync<Exception>(() => rules.CreateRuleAsync("broken", new SqlRuleFilter("quantity >>> 1")));
        var onQueue = await Assert.ThrowsAsync<ServiceBusException>(async () =>
        {
            await using var queueRules = client.CreateRuleManager("properties", "none");
            await queueRules.CreateRuleAsync("x", new TrueRuleFilter());
        });

        Assert.Equal(ServiceBusFailureReason.MessagingEntityAlreadyExists, duplicate.Reason);
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, missing.Reason);
        Assert.IsType<ArgumentException>(invalid);
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, onQueue.Reason);
    }

    private static async Task<List<(string Name, string Filter)>> ListAsync(ServiceBusRuleManager rules)
    {
        var listed = new List<(string, string)>();
        await foreach (var rule in rules.GetRulesAsync())
        {
            listed.Add((rule.Name, rule.Filter is SqlRuleFilter sql ? sql.SqlExpression : rule.Filter.ToString()!));
        }

        return listed;
    }
}
