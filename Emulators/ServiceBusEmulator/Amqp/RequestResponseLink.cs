using Amqp;
using Amqp.Framing;
using Amqp.Messaging;
using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Amqp;

/// <summary>
/// The request half of a request/response node (<c>$cbs</c>, <c>&lt;entity&gt;/$management</c>): reads each request
/// from the client's sending link, accepts it, and sends the response settled on the client's reply link.
/// </summary>
internal static class RequestResponseLink
{
    private static readonly SendOptions SettledReply = new() { Settled = true };

    public static async Task ServeAsync(
        ReceiverLink requests, ConnectionContext connection, string node, Func<AmqpMessage, ValueTask<AmqpMessage>> handle)
    {
        while (await requests.ReceiveOrNullAsync().ConfigureAwait(false) is { } delivery)
        {
            AmqpMessage request;
            try
            {
                request = delivery.GetMessage();
            }
            catch (AmqpException exception)
            {
                await SettleQuietlyAsync(requests, delivery, new Rejected { Error = new Error(ErrorCondition.DecodeError, exception.Message) }).ConfigureAwait(false);
                continue;
            }

            await SettleQuietlyAsync(requests, delivery, Accepted.Instance).ConfigureAwait(false);
            AmqpMessage response;
            try
            {
                response = await handle(request).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // One failing request must not end the node for the rest of the connection.
                response = ManagementResponse.Error(500, BrokerCondition.InternalError, exception.Message);
            }
            (response.Properties ??= new Properties()).CorrelationId = request.Properties?.MessageId;
            var replyTo = request.Properties?.ReplyTo switch
            {
                string text => text,
                AmqpSymbol symbol => symbol.Value,
                _ => null,
            };
            var link = connection.FindReplyLink(replyTo, requests.Session, node);
            if (link is null)
            {
                continue; // The client gave no way back; it will time out, as it would against Azure.
            }

            try
            {
                await link.SendAsync(response, SettledReply).ConfigureAwait(false);
            }
            catch (AmqpException)
            {
                // The reply link closed meanwhile: nobody is left to read the response.
            }
        }
    }

    private static async ValueTask SettleQuietlyAsync(ReceiverLink link, ReceivedDelivery delivery, DeliveryState state)
    {
        if (delivery.IsSettled)
        {
            return;
        }

        try
        {
            await link.SettleAsync(delivery, state).ConfigureAwait(false);
        }
        catch (AmqpException)
        {
        }
    }
}
