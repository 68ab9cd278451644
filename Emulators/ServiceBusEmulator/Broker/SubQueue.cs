namespace ServiceBusEmulator.Broker;

public enum SubQueue
{
    None,
    DeadLetter,
}
