namespace ServiceBusEmulator.Broker;

public enum ReceiveMode
{
    /// <summary>The message is locked for the entity's LockDuration and must be settled.</summary>
    PeekLock,

    /// <summary>The message is deleted as it is handed out (AMQP: pre-settled transfer).</summary>
    ReceiveAndDelete,
}
