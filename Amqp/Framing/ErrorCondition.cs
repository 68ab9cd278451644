namespace Amqp.Framing;

/// <summary>The error conditions defined by the specification (spec 2.8.15 – 2.8.18).</summary>
public static class ErrorCondition
{
    public static readonly AmqpSymbol InternalError = new("amqp:internal-error");
    public static readonly AmqpSymbol NotFound = new("amqp:not-found");
    public static readonly AmqpSymbol UnauthorizedAccess = new("amqp:unauthorized-access");
    public static readonly AmqpSymbol DecodeError = new("amqp:decode-error");
    public static readonly AmqpSymbol ResourceLimitExceeded = new("amqp:resource-limit-exceeded");
    public static readonly AmqpSymbol NotAllowed = new("amqp:not-allowed");
    public static readonly AmqpSymbol InvalidField = new("amqp:invalid-field");
    public static readonly AmqpSymbol NotImplemented = new("amqp:not-implemented");
    public static readonly AmqpSymbol ResourceLocked = new("amqp:resource-locked");
    public static readonly AmqpSymbol PreconditionFailed = new("amqp:precondition-failed");
    public static readonly AmqpSymbol ResourceDeleted = new("amqp:resource-deleted");
    public static readonly AmqpSymbol IllegalState = new("amqp:illegal-state");
    public static readonly AmqpSymbol FrameSizeTooSmall = new("amqp:frame-size-too-small");

    public static readonly AmqpSymbol ConnectionForced = new("amqp:connection:forced");
    public static readonly AmqpSymbol FramingError = new("amqp:connection:framing-error");
    public static readonly AmqpSymbol ConnectionRedirect = new("amqp:connection:redirect");

    public static readonly AmqpSymbol WindowViolation = new("amqp:session:window-violation");
    public static readonly AmqpSymbol ErrantLink = new("amqp:session:errant-link");
    public static readonly AmqpSymbol HandleInUse = new("amqp:session:handle-in-use");
    public static readonly AmqpSymbol UnattachedHandle = new("amqp:session:unattached-handle");

    public static readonly AmqpSymbol DetachForced = new("amqp:link:detach-forced");
    public static readonly AmqpSymbol TransferLimitExceeded = new("amqp:link:transfer-limit-exceeded");
    public static readonly AmqpSymbol MessageSizeExceeded = new("amqp:link:message-size-exceeded");
    public static readonly AmqpSymbol LinkRedirect = new("amqp:link:redirect");
    public static readonly AmqpSymbol Stolen = new("amqp:link:stolen");
}
