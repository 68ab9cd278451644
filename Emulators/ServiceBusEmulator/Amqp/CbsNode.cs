using Amqp;
using Amqp.Messaging;
using ServiceBusEmulator.Security;

namespace ServiceBusEmulator.Amqp;

/// <summary>
/// The <c>$cbs</c> node (brief §4): put-token validates a SAS token for an audience and records the grant on the
/// connection. Responses use the kebab-case keys <c>status-code</c> (int) and <c>status-description</c>.
/// </summary>
internal sealed class CbsNode(SasTokenValidator validator, ConnectionContext connection)
{
    private const string PutToken = "put-token";
    private const string SasTokenType = "servicebus.windows.net:sastoken";

    public Task ServeAsync(ReceiverLink requests) =>
        RequestResponseLink.ServeAsync(requests, connection, ServiceBusAmqpNames.CbsNode, request => ValueTask.FromResult(Handle(request)));

    private AmqpMessage Handle(AmqpMessage request)
    {
        var properties = request.ApplicationProperties?.Map;
        var operation = properties?.GetValueOrDefault("operation") as string;
        var audience = properties?.GetValueOrDefault("name") as string;
        var type = properties?.GetValueOrDefault("type") as string;
        if (operation != PutToken)
        {
            return Response(400, $"The operation '{operation}' is not supported by $cbs; only put-token is.");
        }

        if (string.IsNullOrEmpty(audience))
        {
            return Response(400, "put-token needs the audience in the 'name' application property.");
        }

        if (type != SasTokenType)
        {
            return Response(401, $"The token type '{type}' is not accepted; the emulator validates SAS tokens ({SasTokenType}).");
        }

        var token = request.ValueBody?.Value as string;
        var result = validator.Validate(token, audience);
        if (result.IsValid)
        {
            connection.Grants.Grant(audience, result.ExpiresAt);
        }

        return Response(result.StatusCode, result.Reason);
    }

    private static AmqpMessage Response(int statusCode, string description) => new()
    {
        Properties = new Properties(),
        ApplicationProperties = new ApplicationProperties(new AmqpMap
        {
            ["status-code"] = statusCode,
            ["status-description"] = description,
        }),
        ValueBody = new AmqpValue(null),
    };
}
