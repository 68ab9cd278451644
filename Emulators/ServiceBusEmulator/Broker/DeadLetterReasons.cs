namespace ServiceBusEmulator.Broker;

/// <summary>The reasons and property names Azure Service Bus uses when the broker itself dead-letters a message.</summary>
public static class DeadLetterReasons
{
    public const string ReasonProperty = "DeadLetterReason";
    public const string DescriptionProperty = "DeadLetterErrorDescription";
    public const string MaxDeliveryCountExceeded = "MaxDeliveryCountExceeded";
    public const string TimeToLiveExpired = "TTLExpiredException";
}
