using ServiceBus.Transport;

namespace ServiceBus.Tests.Unit;

public sealed class ErrorMappingTests
{
    [Theory]
    [InlineData("amqp:not-found", ServiceBusFailureReason.MessagingEntityNotFound, false)]
    [InlineData("com.microsoft:message-lock-lost", ServiceBusFailureReason.MessageLockLost, false)]
    [InlineData("com.microsoft:session-lock-lost", ServiceBusFailureReason.SessionLockLost, false)]
    [InlineData("com.microsoft:session-cannot-be-locked", ServiceBusFailureReason.SessionCannotBeLocked, false)]
    [InlineData("com.microsoft:timeout", ServiceBusFailureReason.ServiceTimeout, true)]
    [InlineData("com.microsoft:message-not-found", ServiceBusFailureReason.MessageNotFound, false)]
    [InlineData("com.microsoft:entity-disabled", ServiceBusFailureReason.MessagingEntityDisabled, false)]
    [InlineData("com.microsoft:entity-already-exists", ServiceBusFailureReason.MessagingEntityAlreadyExists, false)]
    [InlineData("amqp:resource-limit-exceeded", ServiceBusFailureReason.QuotaExceeded, false)]
    [InlineData("amqp:link:message-size-exceeded", ServiceBusFailureReason.MessageSizeExceeded, false)]
    [InlineData("com.microsoft:server-busy", ServiceBusFailureReason.ServiceBusy, true)]
    [InlineData("amqp:unauthorized-access", ServiceBusFailureReason.Unauthorized, false)]
    [InlineData("com.microsoft:auth-failed", ServiceBusFailureReason.Unauthorized, false)]
    [InlineData("amqp:internal-error", ServiceBusFailureReason.ServiceCommunicationProblem, true)]
    [InlineData("amqp:connection:forced", ServiceBusFailureReason.ServiceCommunicationProblem, true)]
    [InlineData("amqp:not-allowed", ServiceBusFailureReason.GeneralError, false)]
    public void Amqp_condition_maps_to_the_azure_sdk_reason(string condition, ServiceBusFailureReason reason, bool transient)
    {
        var error = AmqpErrorMapping.FromCondition(condition, "The messaging entity 'q' could not be found.", "q");

        Assert.Equal(reason, error.Reason);
        Assert.Equal(transient, error.IsTransient);
        Assert.Equal("q", error.EntityPath);
    }

    [Theory]
    [InlineData(410, ServiceBusFailureReason.MessageLockLost)]
    [InlineData(404, ServiceBusFailureReason.MessagingEntityNotFound)]
    [InlineData(408, ServiceBusFailureReason.ServiceTimeout)]
    [InlineData(503, ServiceBusFailureReason.ServiceBusy)]
    [InlineData(401, ServiceBusFailureReason.Unauthorized)]
    [InlineData(403, ServiceBusFailureReason.QuotaExceeded)]
    [InlineData(500, ServiceBusFailureReason.ServiceCommunicationProblem)]
    [InlineData(400, ServiceBusFailureReason.GeneralError)]
    public void Management_status_without_a_condition_maps_through_the_status_code(int status, ServiceBusFailureReason reason)
    {
        Assert.Equal(reason, AmqpErrorMapping.FromStatus(status, null, null, "q").Reason);
    }

    [Fact]
    public void Explicit_condition_wins_over_the_status_code()
    {
        Assert.Equal(ServiceBusFailureReason.MessageNotFound,
            AmqpErrorMapping.FromStatus(404, "com.microsoft:message-not-found", "no such deferred message", "q").Reason);
    }

    [Fact]
    public void Dropped_socket_is_a_transient_communication_problem()
    {
        var error = Assert.IsType<ServiceBusException>(AmqpErrorMapping.Translate(new IOException("reset"), "q"));

        Assert.Equal(ServiceBusFailureReason.ServiceCommunicationProblem, error.Reason);
        Assert.True(error.IsTransient);
    }
}
