using Amqp.Messaging;
using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Amqp;

/// <summary>
/// A <c>$management</c> response (brief §8.3): camelCase <c>statusCode</c> (int), <c>statusDescription</c>,
/// <c>errorCondition</c> (symbol) on errors, and an amqp-value map body when there is one.
/// </summary>
internal static class ManagementResponse
{
    public static AmqpMessage Ok(AmqpMap? body = null) => Create(200, "OK", null, body);

    public static AmqpMessage NoContent() => Create(204, "No Content", null, null);

    public static AmqpMessage Error(BrokerError error) => Create(error.StatusCode, error.Description, error.Condition, null);

    public static AmqpMessage Error(int statusCode, string condition, string description) => Create(statusCode, description, condition, null);

    private static AmqpMessage Create(int statusCode, string description, string? condition, AmqpMap? body)
    {
        var properties = new AmqpMap
        {
            ["statusCode"] = statusCode,
            ["statusDescription"] = description,
        };
        if (condition is not null)
        {
            properties["errorCondition"] = new AmqpSymbol(condition);
        }

        return new AmqpMessage
        {
            Properties = new Properties(),
            ApplicationProperties = new ApplicationProperties(properties),
            ValueBody = body is null ? null : new AmqpValue(body),
        };
    }
}
