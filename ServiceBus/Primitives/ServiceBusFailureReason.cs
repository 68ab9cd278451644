namespace ServiceBus;

/// <summary>Why a Service Bus operation failed; the names match Azure.Messaging.ServiceBus.</summary>
public enum ServiceBusFailureReason
{
    GeneralError,
    MessagingEntityNotFound,
    MessageLockLost,
    MessageNotFound,
    MessageSizeExceeded,
    MessagingEntityDisabled,
    QuotaExceeded,
    ServiceBusy,
    ServiceTimeout,
    ServiceCommunicationProblem,
    SessionCannotBeLocked,
    SessionLockLost,
    MessagingEntityAlreadyExists,
    Unauthorized,
}
