namespace ServiceBusEmulator.Broker;

public enum EntityKind
{
    Queue,
    Topic,
    Subscription,
}
