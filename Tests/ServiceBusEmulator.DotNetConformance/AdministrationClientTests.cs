using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Hosting;

namespace ServiceBusEmulator.DotNetConformance;

/// <summary>
/// <c>ServiceBusAdministrationClient</c> (Azure.Messaging.ServiceBus 7.21.0) against the in-process emulator, with the
/// emulator's own connection string: the SDK sends its ATOM requests over plain HTTP to the AMQP port.
/// </summary>
public sealed class AdministrationClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("sbadmin-").FullName;
    private ServiceBusEmulatorHost _host = null!;

    public async Task InitializeAsync() => _host = await StartAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private Task<ServiceBusEmulatorHost> StartAsync(int managementPort = -1) => ServiceBusEmulatorHost.StartAsync(new EmulatorOptions
    {
        Port = 0,
        ManagementPort = managementPort,
        DataDirectory = _dataDirectory,
        Configuration = new EmulatorConfiguration { Queues = [new QueueDefinition("declared")] },
    });

    private ServiceBusAdministrationClient Admin() => Admin(_host.ConnectionString!);

    /// <summary>Short retries, so a defect fails a test in seconds instead of the SDK's default minutes.</summary>
    private static ServiceBusAdministrationClient Admin(string connectionString) => new(connectionString, new ServiceBusAdministrationClientOptions
    {
        Retry = { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(100), NetworkTimeout = TimeSpan.FromSeconds(15) },
    });

    private ServiceBusClient Client() => new(_host.ConnectionString, new ServiceBusClientOptions
    {
        RetryOptions = new ServiceBusRetryOptions { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(100), TryTimeout = TimeSpan.FromSeconds(15) },
    });

    [Fact]
    public async Task A_queue_created_by_the_administration_client_takes_messages_at_once_and_reports_its_counts()
    {
        var admin = Admin();
        var created = (await admin.CreateQueueAsync(new CreateQueueOptions("orders")
        {
            LockDuration = TimeSpan.FromSeconds(30),
            MaxDeliveryCount = 4,
            DefaultMessageTimeToLive = TimeSpan.FromHours(2),
            DeadLetteringOnMessageExpiration = true,
            UserMetadata = "declared at start-up",
        })).Value;
        Assert.Equal(("orders", TimeSpan.FromSeconds(30), 4, TimeSpan.FromHours(2), true, "declared at start-up"),
            (created.Name, created.LockDuration, created.MaxDeliveryCount, created.DefaultMessageTimeToLive, created.DeadLetteringOnMessageExpiration, created.UserMetadata));

        await using var client = Client();
        var sender = client.CreateSender("orders");
        await sender.SendMessagesAsync([new ServiceBusMessage("a"), new ServiceBusMessage("b"), new ServiceBusMessage("c")]);
        await sender.ScheduleMessageAsync(new ServiceBusMessage("later"), DateTimeOffset.UtcNow.AddHours(1));
        var receiver = client.CreateReceiver("orders");
        var first = await receiver.ReceiveMessageAsync(Wait);
        await receiver.DeadLetterMessageAsync(first, "bad", "for the count");

        var runtime = (await admin.GetQueueRuntimePropertiesAsync("orders")).Value;
        Assert.Equal((2L, 1L, 1L, 4L, 0L), (runtime.ActiveMessageCount, runtime.DeadLetterMessageCount, runtime.ScheduledMessageCount, runtime.TotalMessageCount, runtime.TransferMessageCount));
        Assert.True(runtime.SizeInBytes > 0);
        Assert.True(runtime.CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Queues_topics_subscriptions_and_rules_are_created_listed_updated_and_deleted()
    {
        var admin = Admin();
        await admin.CreateQueueAsync("q-a");
        await admin.CreateTopicAsync(new CreateTopicOptions("t-a") { RequiresDuplicateDetection = true, DuplicateDetectionHistoryTimeWindow = TimeSpan.FromMinutes(2) });
        await admin.CreateSubscriptionAsync(new CreateSubscriptionOptions("t-a", "s-a") { ForwardTo = "q-a", MaxDeliveryCount = 3 });
        await admin.CreateRuleAsync("t-a", "s-a", new CreateRuleOptions("red", new SqlRuleFilter("color = 'red'")) { Action = new SqlRuleAction("SET seen = TRUE") });

        Assert.Equal(["declared", "q-a"], await NamesAsync(admin.GetQueuesAsync(), q => q.Name));
        Assert.Equal(["t-a"], await NamesAsync(admin.GetTopicsAsync(), t => t.Name));
        Assert.Equal(["s-a"], await NamesAsync(admin.GetSubscriptionsAsync("t-a"), s => s.SubscriptionName));
        Assert.Equal(["$Default", "red"], await NamesAsync(admin.GetRulesAsync("t-a", "s-a"), r => r.Name));
        Assert.True((await admin.QueueExistsAsync("q-a")).Value);
        Assert.True((await admin.TopicExistsAsync("t-a")).Value);
        Assert.True((await admin.SubscriptionExistsAsync("t-a", "s-a")).Value);
        Assert.True((await admin.RuleExistsAsync("t-a", "s-a", "red")).Value);
        Assert.False((await admin.QueueExistsAsync("t-a")).Value);

        var topic = (await admin.GetTopicAsync("t-a")).Value;
        Assert.Equal((true, TimeSpan.FromMinutes(2)), (topic.RequiresDuplicateDetection, topic.DuplicateDetectionHistoryTimeWindow));
        var subscription = (await admin.GetSubscriptionAsync("t-a", "s-a")).Value;
        Assert.EndsWith("/q-a", subscription.ForwardTo, StringComparison.Ordinal);
        var rule = (await admin.GetRuleAsync("t-a", "s-a", "red")).Value;
        Assert.Equal("color = 'red'", Assert.IsType<SqlRuleFilter>(rule.Filter).SqlExpression);
        Assert.Equal("SET seen = TRUE", Assert.IsType<SqlRuleAction>(rule.Action).SqlExpression);

        var queue = (await admin.GetQueueAsync("q-a")).Value;
        queue.MaxDeliveryCount = 7;
        queue.LockDuration = TimeSpan.FromSeconds(45);
        await admin.UpdateQueueAsync(queue);
        subscription.MaxDeliveryCount = 9;
        await admin.UpdateSubscriptionAsync(subscription);
        rule.Filter = new CorrelationRuleFilter { Subject = "blue", ApplicationProperties = { ["size"] = 5 } };
        await admin.UpdateRuleAsync("t-a", "s-a", rule);
        var updatedQueue = (await admin.GetQueueAsync("q-a")).Value;
        Assert.Equal((7, TimeSpan.FromSeconds(45)), (updatedQueue.MaxDeliveryCount, updatedQueue.LockDuration));
        Assert.Equal(9, (await admin.GetSubscriptionAsync("t-a", "s-a")).Value.MaxDeliveryCount);
        var correlation = Assert.IsType<CorrelationRuleFilter>((await admin.GetRuleAsync("t-a", "s-a", "red")).Value.Filter);
        Assert.Equal(("blue", 5), (correlation.Subject, (int)correlation.ApplicationProperties["size"]));

        await admin.DeleteRuleAsync("t-a", "s-a", "red");
        await admin.DeleteSubscriptionAsync("t-a", "s-a");
        await admin.DeleteTopicAsync("t-a");
        await admin.DeleteQueueAsync("q-a");
        Assert.False((await admin.QueueExistsAsync("q-a")).Value);
        Assert.False((await admin.TopicExistsAsync("t-a")).Value);
        Assert.Equal(["declared"], await NamesAsync(admin.GetQueuesAsync(), q => q.Name));
        Assert.Empty(await NamesAsync(admin.GetTopicsAsync(), t => t.Name));
    }

    [Fact]
    public async Task Rules_created_and_deleted_by_the_administration_client_route_messages_at_once()
    {
        var admin = Admin();
        await admin.CreateTopicAsync("events");
        await admin.CreateSubscriptionAsync(new CreateSubscriptionOptions("events", "red"), new CreateRuleOptions("red-only", new SqlRuleFilter("color = 'red'")));
        await admin.CreateRuleAsync("events", "red", new CreateRuleOptions("big", new CorrelationRuleFilter { ApplicationProperties = { ["size"] = 10L } }));
        var all = await admin.CreateSubscriptionAsync("events", "all");

        await using var client = Client();
        var sender = client.CreateSender("events");
        await sender.SendMessagesAsync([
            Message("1", ("color", "red")), Message("2", ("color", "green")), Message("3", ("size", 10L)), Message("4", ("size", 3L))]);
        Assert.Equal(["1", "3"], await ReceiveAllAsync(client, "events", "red", 2));
        Assert.Equal(["1", "2", "3", "4"], await ReceiveAllAsync(client, "events", all.Value.SubscriptionName, 4));

        await admin.DeleteRuleAsync("events", "red", "red-only");
        await sender.SendMessagesAsync([Message("5", ("color", "red")), Message("6", ("size", 10L))]);
        Assert.Equal(["6"], await ReceiveAllAsync(client, "events", "red", 1));
        Assert.Equal(0L, (await admin.GetSubscriptionRuntimePropertiesAsync("events", "red")).Value.TotalMessageCount);
    }

    [Fact]
    public async Task A_subscription_whose_rules_are_all_deleted_receives_nothing()
    {
        var admin = Admin();
        await admin.CreateTopicAsync("quiet");
        await admin.CreateSubscriptionAsync("quiet", "none");
        await admin.DeleteRuleAsync("quiet", "none", "$Default");
        await using var client = Client();

        await client.CreateSender("quiet").SendMessageAsync(Message("dropped", ("color", "red")));

        Assert.Empty(await NamesAsync(admin.GetRulesAsync("quiet", "none"), r => r.Name));
        Assert.Empty(await ReceiveAllAsync(client, "quiet", "none", 0));
    }

    [Fact]
    public async Task Rules_a_ServiceBusRuleManager_adds_are_listed_and_kept_by_later_administration_changes()
    {
        var admin = Admin();
        await admin.CreateTopicAsync("shared");
        await admin.CreateSubscriptionAsync(new CreateSubscriptionOptions("shared", "s"), new CreateRuleOptions("by-admin", new SqlRuleFilter("n = 1")));
        await using var client = Client();
        await using var rules = client.CreateRuleManager("shared", "s");
        await rules.CreateRuleAsync(new CreateRuleOptions("by-rule-manager", new SqlRuleFilter("n = 2")));

        Assert.Equal(["by-admin", "by-rule-manager"], await NamesAsync(admin.GetRulesAsync("shared", "s"), r => r.Name));
        await admin.CreateRuleAsync("shared", "s", new CreateRuleOptions("also-by-admin", new SqlRuleFilter("n = 3")));
        await client.CreateSender("shared").SendMessagesAsync([Message("1", ("n", 1)), Message("2", ("n", 2)), Message("3", ("n", 3)), Message("4", ("n", 4))]);

        Assert.Equal(["1", "2", "3"], await ReceiveAllAsync(client, "shared", "s", 3));
    }

    [Fact]
    public async Task Rules_a_ServiceBusRuleManager_changes_survive_a_restart_with_a_data_directory()
    {
        await Admin().CreateTopicAsync("persisted");
        await Admin().CreateSubscriptionAsync("persisted", "s");
        await using (var client = Client())
        await using (var rules = client.CreateRuleManager("persisted", "s"))
        {
            await rules.CreateRuleAsync(new CreateRuleOptions("big", new CorrelationRuleFilter { ApplicationProperties = { ["size"] = 10L } }));
            await rules.DeleteRuleAsync("$Default");
        }

        await _host.DisposeAsync();
        _host = await StartAsync();

        Assert.Equal(["big"], await NamesAsync(Admin().GetRulesAsync("persisted", "s"), r => r.Name));
        await using var restarted = Client();
        await restarted.CreateSender("persisted").SendMessagesAsync([Message("small", ("size", 3L)), Message("large", ("size", 10L))]);
        Assert.Equal(["large"], await ReceiveAllAsync(restarted, "persisted", "s", 1));
    }

    [Fact]
    public async Task A_receiver_of_a_deleted_queue_is_told_the_entity_is_gone()
    {
        var admin = Admin();
        await admin.CreateQueueAsync("doomed");
        await using var client = Client();
        var receiver = client.CreateReceiver("doomed");
        var waiting = receiver.ReceiveMessageAsync(TimeSpan.FromMinutes(2));
        await Task.Delay(500);

        await admin.DeleteQueueAsync("doomed");

        // The detach ends the pending receive long before its two minutes (the SDK returns nothing or throws not-found),
        // and the receiver cannot attach again.
        var pending = await Record.ExceptionAsync(() => waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(pending is null || pending is ServiceBusException { Reason: ServiceBusFailureReason.MessagingEntityNotFound }, pending?.ToString());
        var again = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, again.Reason);
    }

    [Fact]
    public async Task Errors_are_the_ones_Azure_gives()
    {
        var admin = Admin();
        await admin.CreateQueueAsync("taken");

        var missing = await Assert.ThrowsAsync<ServiceBusException>(() => admin.GetQueueAsync("nowhere"));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, missing.Reason);
        var missingTopic = await Assert.ThrowsAsync<ServiceBusException>(() => admin.CreateSubscriptionAsync("no-topic", "s"));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, missingTopic.Reason);
        var deleteMissing = await Assert.ThrowsAsync<ServiceBusException>(() => admin.DeleteQueueAsync("nowhere"));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, deleteMissing.Reason);
        var duplicate = await Assert.ThrowsAsync<ServiceBusException>(() => admin.CreateQueueAsync("taken"));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityAlreadyExists, duplicate.Reason);
        var sameNameAsQueue = await Assert.ThrowsAsync<ServiceBusException>(() => admin.CreateTopicAsync("taken"));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityAlreadyExists, sameNameAsQueue.Reason);
        await Assert.ThrowsAsync<ArgumentException>(() => admin.CreateQueueAsync(new CreateQueueOptions("forwarding") { ForwardTo = "nowhere" }));
        await admin.CreateTopicAsync("t");
        await admin.CreateSubscriptionAsync("t", "s");
        await Assert.ThrowsAsync<ArgumentException>(() => admin.CreateRuleAsync("t", "s", new CreateRuleOptions("r", new SqlRuleFilter("color ="))));
        Assert.False((await admin.RuleExistsAsync("t", "s", "r")).Value);
        Assert.False((await admin.QueueExistsAsync("forwarding")).Value);

        var wrongKey = Admin(_host.ConnectionString!.Replace("SAS_KEY_VALUE", "not-the-key", StringComparison.Ordinal));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => wrongKey.GetQueueAsync("taken"));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => wrongKey.CreateQueueAsync("sneaky"));
        Assert.False((await admin.QueueExistsAsync("sneaky")).Value);
    }

    [Fact]
    public async Task Changes_made_by_the_administration_client_survive_a_restart_with_a_data_directory()
    {
        var admin = Admin();
        await admin.CreateQueueAsync(new CreateQueueOptions("durable") { MaxDeliveryCount = 6 });
        await admin.CreateQueueAsync("short-lived");
        await admin.CreateTopicAsync("news");
        await admin.CreateSubscriptionAsync(new CreateSubscriptionOptions("news", "sport"), new CreateRuleOptions("sport", new SqlRuleFilter("section = 'sport'")));
        var queue = (await admin.GetQueueAsync("durable")).Value;
        queue.LockDuration = TimeSpan.FromSeconds(20);
        await admin.UpdateQueueAsync(queue);
        await admin.DeleteQueueAsync("short-lived");
        await admin.DeleteQueueAsync("declared");
        await using (var client = Client())
        {
            await client.CreateSender("durable").SendMessageAsync(new ServiceBusMessage("kept"));
            await client.CreateSender("news").SendMessageAsync(Message("n1", ("section", "sport")));
        }

        await _host.DisposeAsync();
        _host = await StartAsync();

        admin = Admin();
        Assert.Equal(["durable"], await NamesAsync(admin.GetQueuesAsync(), q => q.Name));
        var restored = (await admin.GetQueueAsync("durable")).Value;
        Assert.Equal((6, TimeSpan.FromSeconds(20)), (restored.MaxDeliveryCount, restored.LockDuration));
        Assert.Equal(["sport"], await NamesAsync(admin.GetRulesAsync("news", "sport"), r => r.Name));
        await using var restarted = Client();
        var message = await restarted.CreateReceiver("durable").ReceiveMessageAsync(Wait);
        Assert.Equal("kept", message.Body.ToString());
        Assert.Equal(["n1"], await ReceiveAllAsync(restarted, "news", "sport", 1));
    }

    [Fact]
    public async Task A_queue_deleted_and_created_again_starts_empty_also_after_a_restart()
    {
        var admin = Admin();
        await admin.CreateQueueAsync("reborn");
        await using (var client = Client())
        {
            await client.CreateSender("reborn").SendMessagesAsync([new ServiceBusMessage("old 1"), new ServiceBusMessage("old 2")]);
        }

        await admin.DeleteQueueAsync("reborn");
        await admin.CreateQueueAsync("reborn");
        Assert.Equal(0L, (await admin.GetQueueRuntimePropertiesAsync("reborn")).Value.TotalMessageCount);

        await _host.DisposeAsync();
        _host = await StartAsync();

        Assert.Equal(0L, (await Admin().GetQueueRuntimePropertiesAsync("reborn")).Value.TotalMessageCount);
    }

    [Fact]
    public async Task The_management_port_serves_the_administration_api_like_the_official_emulators_port_5300()
    {
        await _host.DisposeAsync();
        _host = await StartAsync(managementPort: 0);
        var managementConnectionString = ServiceBusEmulatorHost.CreateConnectionString(_host.ManagementPort!.Value);
        var admin = Admin(managementConnectionString);

        await admin.CreateQueueAsync("via-management-port");

        Assert.True((await Admin().QueueExistsAsync("via-management-port")).Value);
        Assert.Equal(["declared", "via-management-port"], await NamesAsync(admin.GetQueuesAsync(), q => q.Name));
    }

    private static ServiceBusMessage Message(string id, (string Name, object Value) property) =>
        new(id) { MessageId = id, ApplicationProperties = { [property.Name] = property.Value } };

    private static async Task<List<string>> ReceiveAllAsync(ServiceBusClient client, string topic, string subscription, int expected)
    {
        await using var receiver = client.CreateReceiver(topic, subscription, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var ids = new List<string>();
        while (ids.Count < expected && await receiver.ReceiveMessagesAsync(expected - ids.Count, Wait) is { Count: > 0 } batch)
        {
            ids.AddRange(batch.Select(m => m.MessageId));
        }

        // Nothing beyond what is expected: a short wait for a straggler a wrong rule would have let through.
        ids.AddRange((await receiver.ReceiveMessagesAsync(10, TimeSpan.FromMilliseconds(300))).Select(m => m.MessageId));
        return [.. ids.Order(StringComparer.Ordinal)];
    }

    private static async Task<List<string>> NamesAsync<T>(Azure.AsyncPageable<T> pages, Func<T, string> name) where T : notnull
    {
        var names = new List<string>();
        await foreach (var item in pages)
        {
            names.Add(name(item));
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }
}
