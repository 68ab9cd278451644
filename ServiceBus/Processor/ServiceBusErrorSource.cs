namespace ServiceBus;

/// <summary>Which step of the processor failed.</summary>
public enum ServiceBusErrorSource
{
    Abandon,
    Complete,
    ProcessMessageCallback,
    Receive,
    RenewLock,
    DeadLetter,
    Defer,
}
