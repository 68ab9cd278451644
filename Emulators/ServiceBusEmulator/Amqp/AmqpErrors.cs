using Amqp.Framing;
using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Amqp;

/// <summary>Broker errors as AMQP errors: the condition the SDKs map to their exception types (brief §11).</summary>
internal static class AmqpErrors
{
    public static Error From(BrokerError error) => new(new AmqpSymbol(error.Condition), error.Description);

    public static Error Unauthorized(string address) => new(new AmqpSymbol(BrokerCondition.UnauthorizedAccess),
        $"Unauthorized access to '{address}': send a CBS put-token with a valid SAS token for it before attaching.");
}
