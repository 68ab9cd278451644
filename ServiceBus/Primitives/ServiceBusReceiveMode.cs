namespace ServiceBus;

public enum ServiceBusReceiveMode
{
    /// <summary>The message is locked and must be settled (complete, abandon, defer, dead-letter).</summary>
    PeekLock,

    /// <summary>The broker deletes the message as it sends it.</summary>
    ReceiveAndDelete,
}
