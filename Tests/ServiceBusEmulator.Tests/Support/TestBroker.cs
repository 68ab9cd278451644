using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Configuration;

namespace ServiceBusEmulator.Tests.Support;

/// <summary>An in-memory broker on a manual clock.</summary>
public static class TestBroker
{
    public static (MessageBroker Broker, ManualTimeProvider Clock) Create(params QueueDefinition[] queues) =>
        Create(new EmulatorConfiguration { Queues = queues });

    public static (MessageBroker Broker, ManualTimeProvider Clock) Create(EmulatorConfiguration configuration)
    {
        var clock = new ManualTimeProvider();
        return (MessageBroker.CreateInMemory(configuration, clock), clock);
    }

    public static QueueDefinition Queue(string name, EntityProperties? properties = null) =>
        new(name) { Properties = properties ?? new EntityProperties() };
}
