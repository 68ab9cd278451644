namespace ServiceBusEmulator.Broker;

/// <summary>The values match the <c>x-opt-message-state</c> annotation (int) the SDKs read.</summary>
public enum MessageState
{
    Active = 0,
    Deferred = 1,
    Scheduled = 2,
}
