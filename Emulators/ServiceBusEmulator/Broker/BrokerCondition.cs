namespace ServiceBusEmulator.Broker;

/// <summary>The AMQP error conditions the adapter sends for broker errors (brief §11); the SDKs map them to exceptions.</summary>
public static class BrokerCondition
{
    public const string NotFound = "amqp:not-found";
    public const string NotAllowed = "amqp:not-allowed";
    public const string NotImplemented = "amqp:not-implemented";
    public const string InternalError = "amqp:internal-error";
    public const string UnauthorizedAccess = "amqp:unauthorized-access";
    public const string ResourceLimitExceeded = "amqp:resource-limit-exceeded";
    public const string MessageSizeExceeded = "amqp:link:message-size-exceeded";
    public const string MessageLockLost = "com.microsoft:message-lock-lost";
    public const string SessionLockLost = "com.microsoft:session-lock-lost";
    public const string SessionCannotBeLocked = "com.microsoft:session-cannot-be-locked";
    public const string EntityAlreadyExists = "com.microsoft:entity-already-exists";
    public const string MessageNotFound = "com.microsoft:message-not-found";
    public const string Timeout = "com.microsoft:timeout";
    public const string ArgumentError = "com.microsoft:argument-error";
    public const string ArgumentOutOfRange = "com.microsoft:argument-out-of-range";
    public const string TransactionRollback = "amqp:transaction:rollback";
}
