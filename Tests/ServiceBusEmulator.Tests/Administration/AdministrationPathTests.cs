using ServiceBusEmulator.Administration;

namespace ServiceBusEmulator.Tests.Administration;

public class AdministrationPathTests
{
    [Theory]
    [InlineData("$namespaceinfo", "NamespaceInfo", "", "", "")]
    [InlineData("$Resources/queues", "QueueList", "", "", "")]
    [InlineData("$resources/TOPICS", "TopicList", "", "", "")]
    [InlineData("q1", "Entity", "q1", "", "")]
    [InlineData("team/orders", "Entity", "team/orders", "", "")]
    [InlineData("t1/Subscriptions", "SubscriptionList", "t1", "", "")]
    [InlineData("team/t1/subscriptions/s1", "Subscription", "team/t1", "s1", "")]
    [InlineData("t1/Subscriptions/s1/rules", "RuleList", "t1", "s1", "")]
    [InlineData("t1/Subscriptions/s1/Rules/$Default", "Rule", "t1", "s1", "$Default")]
    public void Paths_the_SDKs_send_name_what_they_address(string path, string target, string entity, string subscription, string rule) =>
        Assert.Equal(new AdministrationPath(Enum.Parse<AdministrationTarget>(target), entity, subscription, rule), AdministrationPath.Parse(path));

    [Theory]
    [InlineData("")]
    [InlineData("t1/Subscriptions/s1/Other/x")]
    [InlineData("t1/Subscriptions/s1/Rules/r1/extra")]
    public void Other_paths_name_nothing(string path) => Assert.Null(AdministrationPath.Parse(path));
}
