namespace ServiceBusEmulator.Broker;

/// <summary>An error the adapter turns into an AMQP error: <see cref="Condition"/> is one of <see cref="BrokerCondition"/>.</summary>
public sealed record BrokerError(string Condition, string Description)
{
    /// <summary>The management status code that goes with the condition (brief §8.3 / §11).</summary>
    public int StatusCode => Condition switch
    {
        BrokerCondition.NotFound or BrokerCondition.MessageNotFound => 404,
        BrokerCondition.MessageLockLost or BrokerCondition.SessionLockLost => 410,
        BrokerCondition.UnauthorizedAccess => 401,
        BrokerCondition.EntityAlreadyExists => 409,
        BrokerCondition.Timeout => 408,
        BrokerCondition.ResourceLimitExceeded => 403,
        BrokerCondition.NotImplemented => 501,
        BrokerCondition.InternalError => 500,
        _ => 400,
    };

    public static BrokerError EntityNotFound(string address) =>
        new(BrokerCondition.NotFound, $"The messaging entity '{address}' could not be found.");

    public static BrokerError LockLost(Guid lockToken) =>
        new(BrokerCondition.MessageLockLost, $"The lock supplied ({lockToken}) is invalid: it expired, or the message was already settled or removed.");
}
