namespace ServiceBus;

public enum ServiceBusRetryMode
{
    Fixed,
    Exponential,
}
