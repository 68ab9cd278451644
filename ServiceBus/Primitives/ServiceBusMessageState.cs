namespace ServiceBus;

/// <summary>The broker's state of a message (<c>x-opt-message-state</c>), visible on peeked and deferred messages.</summary>
public enum ServiceBusMessageState
{
    Active = 0,
    Deferred = 1,
    Scheduled = 2,
}
