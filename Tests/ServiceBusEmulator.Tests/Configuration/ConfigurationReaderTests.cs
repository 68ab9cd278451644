using ServiceBusEmulator.Configuration;
using ServiceBusEmulator.Filters;

namespace ServiceBusEmulator.Tests.Configuration;

public class ConfigurationReaderTests
{
    // The official emulator's sample shape: a config written for it must load unchanged.
    private const string OfficialShape = """
        {
          "UserConfig": {
            "Namespaces": [
              {
                "Name": "sbemulatorns",
                "Queues": [
                  {
                    "Name": "queue.1",
                    "Properties": {
                      "DeadLetteringOnMessageExpiration": false,
                      "DefaultMessageTimeToLive": "PT1H",
                      "DuplicateDetectionHistoryTimeWindow": "PT20S",
                      "ForwardDeadLetteredMessagesTo": "",
                      "ForwardTo": "",
                      "LockDuration": "PT1M",
                      "MaxDeliveryCount": 3,
                      "RequiresDuplicateDetection": false,
                      "RequiresSession": false
                    }
                  }
                ],
                "Topics": [
                  {
                    "Name": "topic.1",
                    "Properties": {
                      "DefaultMessageTimeToLive": "PT1H",
                      "DuplicateDetectionHistoryTimeWindow": "PT20S",
                      "RequiresDuplicateDetection": false
                    },
                    "Subscriptions": [
                      {
                        "Name": "subscription.1",
                        "Properties": {
                          "DeadLetteringOnMessageExpiration": false,
                          "DefaultMessageTimeToLive": "PT1H",
                          "LockDuration": "PT1M",
                          "MaxDeliveryCount": 3,
                          "ForwardDeadLetteredMessagesTo": "",
                          "ForwardTo": "",
                          "RequiresSession": false
                        },
                        "Rules": [
                          {
                            "Name": "app-prop-filter-1",
                            "Properties": {
                              "FilterType": "Correlation",
                              "CorrelationFilter": {
                                "ContentType": "application/text",
                                "CorrelationId": "id1",
                                "Label": "subject1",
                                "MessageId": "msgid1",
                                "ReplyTo": "someQueue",
                                "ReplyToSessionId": "sessionId",
                                "SessionId": "session1",
                                "To": "xyz"
                              }
                            }
                          }
                        ]
                      },
                      {
                        "Name": "subscription.2",
                        "Rules": [
                          {
                            "Name": "sql-1",
                            "Properties": {
                              "FilterType": "Sql",
                              "SqlFilter": { "SqlExpression": "color = 'red' AND quantity > 5" },
                              "Action": { "SqlExpression": "SET sys.To = 'Entity'" }
                            }
                          }
                        ]
                      }
                    ]
                  }
                ]
              }
            ],
            "Logging": { "Type": "File" }
          }
        }
        """;

    [Fact]
    public void Official_emulator_config_loads_unchanged()
    {
        var configuration = ConfigurationReader.Read(OfficialShape);

        Assert.Equal("sbemulatorns", configuration.NamespaceName);
        var queue = Assert.Single(configuration.Queues);
        Assert.Equal("queue.1", queue.Name);
        Assert.Equal(TimeSpan.FromHours(1), queue.Properties.DefaultMessageTimeToLive);
        Assert.Equal(TimeSpan.FromSeconds(20), queue.Properties.DuplicateDetectionHistoryTimeWindow);
        Assert.Equal(3, queue.Properties.MaxDeliveryCount);
        Assert.Null(queue.Properties.ForwardTo);
        var topic = Assert.Single(configuration.Topics);
        Assert.Equal(2, topic.Subscriptions.Count);
        var correlation = Assert.IsType<CorrelationFilter>(Assert.Single(topic.Subscriptions[0].Rules).Filter);
        Assert.Equal("subject1", correlation.Subject);
        var sqlRule = Assert.Single(topic.Subscriptions[1].Rules);
        Assert.IsType<SqlFilter>(sqlRule.Filter);
        Assert.NotNull(sqlRule.Action);
        Assert.True(configuration.Logging.ToFile);
        Assert.False(configuration.Logging.ToConsole);
    }

    [Fact]
    public void Project_config_declares_store_events_with_its_settings()
    {
        var configuration = ConfigurationReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "Config.json"));

        var queue = Assert.Single(configuration.Queues);
        Assert.Equal("store-events", queue.Name);
        Assert.Equal(TimeSpan.FromMinutes(1), queue.Properties.LockDuration);
        Assert.Equal(10, queue.Properties.MaxDeliveryCount);
        Assert.Equal(TimeSpan.FromDays(1), queue.Properties.DefaultMessageTimeToLive);
        Assert.True(queue.Properties.DeadLetteringOnMessageExpiration);
        Assert.True(queue.Properties.RequiresDuplicateDetection);
        Assert.Equal(TimeSpan.FromMinutes(10), queue.Properties.DuplicateDetectionHistoryTimeWindow);
    }

    [Fact]
    public void Config_with_out_of_range_lock_duration_names_the_field()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Read(Queues(
            """{ "Name": "a" }""",
            """{ "Name": "b", "Properties": { "LockDuration": "PT1S" } }""")));

        Assert.Equal("UserConfig.Namespaces[0].Queues[1].Properties.LockDuration: 00:00:01 is below the minimum of 00:00:05", error.Message);
        Assert.Equal("UserConfig.Namespaces[0].Queues[1].Properties.LockDuration", error.Path);
    }

    [Theory]
    [InlineData("\"LockDuration\": \"PT6M\"", "LockDuration: 00:06:00 is above the maximum of 00:05:00")]
    [InlineData("\"MaxDeliveryCount\": 0", "MaxDeliveryCount: 0 is below the minimum of 1")]
    [InlineData("\"MaxDeliveryCount\": 2001", "MaxDeliveryCount: 2001 is above the maximum of 2000")]
    [InlineData("\"MaxDeliveryCount\": \"10\"", "MaxDeliveryCount: must be a whole number")]
    [InlineData("\"DefaultMessageTimeToLive\": \"1 day\"", "DefaultMessageTimeToLive: '1 day' is not an ISO-8601 duration")]
    [InlineData("\"DuplicateDetectionHistoryTimeWindow\": \"P8D\"", "DuplicateDetectionHistoryTimeWindow: 8.00:00:00 is above the maximum")]
    [InlineData("\"MaxMessageSizeInKilobytes\": 102401", "MaxMessageSizeInKilobytes: 102401 is above the maximum of 102400")]
    [InlineData("\"RequiresSession\": \"yes\"", "RequiresSession: must be true or false")]
    [InlineData("\"LockDurration\": \"PT1M\"", "LockDurration: unknown property")]
    [InlineData("\"ForwardTo\": \"nowhere\"", "ForwardTo: 'nowhere' is not a queue or topic")]
    [InlineData("\"ForwardTo\": \"q\"", "ForwardTo: an entity cannot forward to itself")]
    public void Invalid_queue_property_stops_startup_naming_the_field(string property, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            ConfigurationReader.Read(Queues($$"""{ "Name": "q", "Properties": { {{property}} } }""")));

        Assert.StartsWith("UserConfig.Namespaces[0].Queues[0].Properties.", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Azure_wide_bounds_are_accepted()
    {
        var configuration = ConfigurationReader.Read(Queues("""
            { "Name": "q", "Properties": {
                "DefaultMessageTimeToLive": "P10675199DT2H48M5.4775807S",
                "LockDuration": "PT5M", "MaxDeliveryCount": 2000, "MaxMessageSizeInKilobytes": 102400,
                "DuplicateDetectionHistoryTimeWindow": "P7D" } }
            """, """{ "Name": "q2", "Properties": { "DefaultMessageTimeToLive": "P14D", "LockDuration": "PT5S" } }"""));

        Assert.Equal(TimeSpan.MaxValue, configuration.Queues[0].Properties.DefaultMessageTimeToLive);
        Assert.Equal(TimeSpan.FromMinutes(5), configuration.Queues[0].Properties.LockDuration);
        Assert.Equal(2000, configuration.Queues[0].Properties.MaxDeliveryCount);
        Assert.Equal(100 * 1024 * 1024, configuration.Queues[0].Properties.MaxMessageSizeInBytes);
        Assert.Equal(TimeSpan.FromDays(14), configuration.Queues[1].Properties.DefaultMessageTimeToLive);
    }

    [Fact]
    public void Omitted_properties_take_azure_defaults()
    {
        var queue = Assert.Single(ConfigurationReader.Read(Queues("""{ "Name": "q" }""")).Queues);

        Assert.Equal(TimeSpan.FromMinutes(1), queue.Properties.LockDuration);
        Assert.Equal(10, queue.Properties.MaxDeliveryCount);
        Assert.Equal(TimeSpan.MaxValue, queue.Properties.DefaultMessageTimeToLive);
        Assert.Equal(256 * 1024, queue.Properties.MaxMessageSizeInBytes);
    }

    [Fact]
    public void Topic_only_accepts_topic_properties()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Read(Topics(
            """{ "Name": "t", "Properties": { "LockDuration": "PT1M" } }""")));

        Assert.StartsWith("UserConfig.Namespaces[0].Topics[0].Properties.LockDuration: unknown property", error.Message);
    }

    [Fact]
    public void Invalid_sql_filter_names_the_rule_field()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Read(Topics("""
            { "Name": "t", "Subscriptions": [ { "Name": "s", "Rules": [
              { "Name": "r", "Properties": { "FilterType": "Sql", "SqlFilter": { "SqlExpression": "color = " } } } ] } ] }
            """)));

        Assert.StartsWith("UserConfig.Namespaces[0].Topics[0].Subscriptions[0].Rules[0].Properties.SqlFilter.SqlExpression:", error.Message);
    }

    [Fact]
    public void Unknown_filter_type_is_rejected()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Read(Topics("""
            { "Name": "t", "Subscriptions": [ { "Name": "s", "Rules": [
              { "Name": "r", "Properties": { "FilterType": "Regex" } } ] } ] }
            """)));

        Assert.Contains("Rules[0].Properties.FilterType: 'Regex' is not a filter type", error.Message);
    }

    [Fact]
    public void Duplicate_entity_names_are_rejected_case_insensitively()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Read(Queues(
            """{ "Name": "orders" }""", """{ "Name": "Orders" }""")));

        Assert.Equal("UserConfig.Namespaces[0].Queues[1].Name", error.Path);
    }

    [Fact]
    public void More_than_one_namespace_is_rejected()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Read(
            """{ "UserConfig": { "Namespaces": [ { "Name": "a" }, { "Name": "b" } ] } }"""));

        Assert.Equal("UserConfig.Namespaces", error.Path);
    }

    [Fact]
    public void Unknown_top_level_property_is_rejected()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Read(
            """{ "UserConfig": { "Namespaces": [ { "Name": "a" } ], "Logs": {} } }"""));

        Assert.StartsWith("UserConfig.Logs: unknown property", error.Message);
    }

    [Fact]
    public void Invalid_logging_type_is_rejected()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Read(
            """{ "UserConfig": { "Namespaces": [ { "Name": "a" } ], "Logging": { "Type": "Syslog" } } }"""));

        Assert.Equal("UserConfig.Logging.Type", error.Path);
    }

    [Fact]
    public void Malformed_json_is_reported_not_thrown_raw()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationReader.Read("{ \"UserConfig\": "));

        Assert.Contains("is not valid JSON", error.Message);
    }

    private static string Queues(params string[] queues) =>
        $$"""{ "UserConfig": { "Namespaces": [ { "Name": "ns", "Queues": [ {{string.Join(",", queues)}} ] } ] } }""";

    private static string Topics(params string[] topics) =>
        $$"""{ "UserConfig": { "Namespaces": [ { "Name": "ns", "Topics": [ {{string.Join(",", topics)}} ] } ] } }""";
}
