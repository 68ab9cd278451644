using System.Net.Sockets;

namespace ServiceBus.Transport;

/// <summary>Turns AMQP conditions, management status codes and transport failures into <see cref="ServiceBusException"/>.</summary>
internal static class AmqpErrorMapping
{
    public const string MessageLockLost = "com.microsoft:message-lock-lost";
    public const string SessionLockLost = "com.microsoft:session-lock-lost";
    public const string SessionCannotBeLocked = "com.microsoft:session-cannot-be-locked";
    public const string Timeout = "com.microsoft:timeout";
    public const string MessageNotFound = "com.microsoft:message-not-found";
    public const string EntityDisabled = "com.microsoft:entity-disabled";
    public const string EntityAlreadyExists = "com.microsoft:entity-already-exists";
    public const string ServerBusy = "com.microsoft:server-busy";
    public const string AuthFailed = "com.microsoft:auth-failed";
    public const string ArgumentError = "com.microsoft:argument-error";
    public const string ArgumentOutOfRange = "com.microsoft:argument-out-of-range";

    public static ServiceBusException FromCondition(string? condition, string? description, string? entityPath, Exception? inner = null)
    {
        var text = string.IsNullOrEmpty(description) ? condition ?? "The operation failed." : description;
        return condition switch
        {
            "amqp:not-found" when description?.Contains("could not be found", StringComparison.OrdinalIgnoreCase) != false || entityPath is not null
                => new ServiceBusException(text, ServiceBusFailureReason.MessagingEntityNotFound, entityPath, inner),
            MessageLockLost => new ServiceBusException(text, ServiceBusFailureReason.MessageLockLost, entityPath, inner),
            SessionLockLost => new ServiceBusException(text, ServiceBusFailureReason.SessionLockLost, entityPath, inner),
            SessionCannotBeLocked => new ServiceBusException(text, ServiceBusFailureReason.SessionCannotBeLocked, entityPath, inner),
            Timeout => new ServiceBusException(text, ServiceBusFailureReason.ServiceTimeout, entityPath, inner),
            MessageNotFound => new ServiceBusException(text, ServiceBusFailureReason.MessageNotFound, entityPath, inner),
            EntityDisabled => new ServiceBusException(text, ServiceBusFailureReason.MessagingEntityDisabled, entityPath, inner),
            EntityAlreadyExists => new ServiceBusException(text, ServiceBusFailureReason.MessagingEntityAlreadyExists, entityPath, inner),
            "amqp:resource-limit-exceeded" => new ServiceBusException(text, ServiceBusFailureReason.QuotaExceeded, entityPath, inner),
            "amqp:link:message-size-exceeded" => new ServiceBusException(text, ServiceBusFailureReason.MessageSizeExceeded, entityPath, inner),
            ServerBusy => new ServiceBusException(text, ServiceBusFailureReason.ServiceBusy, entityPath, inner),
            "amqp:unauthorized-access" or AuthFailed => new ServiceBusException(text, ServiceBusFailureReason.Unauthorized, entityPath, inner),
            // The broker or the connection went away under the operation: trying again on a new link may work.
            "amqp:internal-error" or "amqp:connection:forced" or "amqp:link:detach-forced" or "amqp:connection:framing-error"
                or "amqp:session:window-violation" or "amqp:session:errant-link" or "amqp:session:unattached-handle" or "amqp:illegal-state"
                => new ServiceBusException(true, text, entityPath, ServiceBusFailureReason.ServiceCommunicationProblem, inner),
            _ => new ServiceBusException(false, text, entityPath, ServiceBusFailureReason.GeneralError, inner),
        };
    }

    /// <summary>A <c>$management</c> or CBS reply: the condition when present, else the one the status code implies.</summary>
    public static ServiceBusException FromStatus(int statusCode, string? condition, string? description, string? entityPath) =>
        FromCondition(condition ?? statusCode switch
        {
            408 => Timeout,
            404 => "amqp:not-found",
            501 => "amqp:not-implemented",
            409 => EntityAlreadyExists,
            410 => MessageLockLost,
            403 => "amqp:resource-limit-exceeded",
            503 => ServerBusy,
            400 => ArgumentError,
            401 => "amqp:unauthorized-access",
            500 => "amqp:internal-error",
            _ => null,
        }, description ?? $"The broker answered with status {statusCode}.", entityPath);

    /// <summary>Any failure surfacing from the AMQP layer, as a ServiceBusException (those pass through unchanged).</summary>
    public static Exception Translate(Exception exception, string? entityPath) => exception switch
    {
        ServiceBusException => exception,
        AmqpException amqp => FromCondition(amqp.Error.Condition?.Value, amqp.Error.Description, entityPath, amqp),
        IOException or SocketException
            => new ServiceBusException(true, $"The connection to Service Bus failed: {exception.Message}", entityPath,
                ServiceBusFailureReason.ServiceCommunicationProblem, exception),
        TimeoutException => new ServiceBusException(true, $"The operation timed out: {exception.Message}", entityPath,
            ServiceBusFailureReason.ServiceTimeout, exception),
        _ => exception,
    };
}
