using ServiceBus.Authorization;

namespace ServiceBus.Transport;

/// <summary>Claims-based security: puts a token for an audience to the broker's <c>$cbs</c> node before a link uses it.</summary>
internal sealed class CbsClient(AmqpRequestResponseLink link)
{
    public const string NodeAddress = "$cbs";

    public bool IsClosed => link.IsClosed;

    public AmqpRequestResponseLink Link => link;

    public async Task PutTokenAsync(string audience, CbsToken token, CancellationToken cancellationToken)
    {
        var request = AmqpMessage.FromValue(token.Token);
        request.Properties = new Properties { To = NodeAddress };
        request.ApplicationProperties = new ApplicationProperties(new AmqpMap
        {
            ["operation"] = "put-token",
            ["type"] = token.TokenType,
            ["name"] = audience,
            ["expiration"] = AmqpTimestamp.FromDateTimeOffset(token.ExpiresOn),
        });
        var reply = await link.RequestAsync(request, cancellationToken).ConfigureAwait(false);
        var status = ManagementClient.ReadStatus(reply, out var condition, out var description);
        if (status is not (200 or 202))
        {
            throw AmqpErrorMapping.FromStatus(status, condition ?? (status == 401 ? "amqp:unauthorized-access" : null),
                description ?? $"The broker refused the token for '{audience}' with status {status}.", null);
        }
    }
}
