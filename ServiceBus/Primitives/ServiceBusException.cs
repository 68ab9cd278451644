namespace ServiceBus;

/// <summary>The one exception type of the client: a <see cref="Reason"/> and whether retrying may help.</summary>
public class ServiceBusException : Exception
{
    public ServiceBusException(string message, ServiceBusFailureReason reason, string? entityPath = null, Exception? innerException = null)
        : this(IsTransientReason(reason), message, entityPath, reason, innerException)
    {
    }

    public ServiceBusException(bool isTransient, string message, string? entityPath = null,
        ServiceBusFailureReason reason = ServiceBusFailureReason.GeneralError, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
        EntityPath = entityPath;
        Reason = reason;
    }

    public ServiceBusFailureReason Reason { get; }

    /// <summary>True when the same call may succeed later (the built-in retries already tried).</summary>
    public bool IsTransient { get; }

    public string? EntityPath { get; }

    public override string Message => EntityPath is null
        ? $"{base.Message} ({Reason})"
        : $"{base.Message} ({Reason}, entity '{EntityPath}')";

    internal static bool IsTransientReason(ServiceBusFailureReason reason) => reason is
        ServiceBusFailureReason.ServiceBusy or ServiceBusFailureReason.ServiceTimeout or ServiceBusFailureReason.ServiceCommunicationProblem;
}
