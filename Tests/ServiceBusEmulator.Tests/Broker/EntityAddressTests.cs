using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Tests.Broker;

public class EntityAddressTests
{
    [Theory]
    [InlineData("q1", "q1", SubQueue.None, false)]
    [InlineData("/q1", "q1", SubQueue.None, false)]
    [InlineData("sb://127.0.0.1:5672/q1", "q1", SubQueue.None, false)]
    [InlineData("amqps://ns.servicebus.windows.net/q1/", "q1", SubQueue.None, false)]
    [InlineData("q1/$DeadLetterQueue", "q1", SubQueue.DeadLetter, false)]
    [InlineData("/q1/$deadletterqueue", "q1", SubQueue.DeadLetter, false)]
    [InlineData("q1/$management", "q1", SubQueue.None, true)]
    [InlineData("q1/$DeadLetterQueue/$management", "q1", SubQueue.DeadLetter, true)]
    [InlineData("topic/Subscriptions/sub", "topic/Subscriptions/sub", SubQueue.None, false)]
    [InlineData("sb://localhost/topic/Subscriptions/sub/$DeadLetterQueue", "topic/Subscriptions/sub", SubQueue.DeadLetter, false)]
    public void Addresses_from_both_sdks_resolve_to_the_entity(string address, string entity, SubQueue subQueue, bool management)
    {
        var parsed = EntityAddress.Parse(address);

        Assert.Equal(entity, parsed.EntityPath);
        Assert.Equal(subQueue, parsed.SubQueue);
        Assert.Equal(management, parsed.IsManagement);
    }
}
