using Amqp;
using Amqp.Framing;
using Amqp.Messaging;
using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Amqp;

/// <summary>
/// A client's sending link to a queue or topic (brief §5): each transfer becomes one broker send — a plain message,
/// or the inner messages of a batched transfer (format 0x80013700, one data section per message), all or nothing —
/// and is answered with a settled accepted or rejected{error} disposition once the broker has stored it durably.
/// Sends are handed to the broker in arrival order without waiting for the previous one's fsync, so the order of
/// sequence numbers follows the link while durable writes share group commits.
/// </summary>
internal sealed class EntitySendLink(MessageBroker broker, ReceiverLink link, string address, int maxMessageSize, TransactionCoordinator transactions)
{
    public async Task ServeAsync()
    {
        while (await link.ReceiveOrNullAsync().ConfigureAwait(false) is { } delivery)
        {
            if (!TryDecode(delivery, out var messages, out var error))
            {
                Settle(delivery, new Rejected { Error = error });
                continue;
            }

            if (delivery.RemoteState is TransactionalState transactional)
            {
                Settle(delivery, Enlist(transactional, messages));
                continue;
            }

            var send = broker.SendAsync(address, messages);
            if (send.IsCompletedSuccessfully)
            {
                Settle(delivery, Outcome(send.Result));
            }
            else
            {
                _ = SettleWhenStoredAsync(delivery, send);
            }
        }
    }

    /// <summary>A send inside a transaction is stored when the transaction commits; until then nobody sees it.</summary>
    private DeliveryState Enlist(TransactionalState transactional, IReadOnlyList<BrokerMessage> messages)
    {
        var enlisted = transactions.TryEnlist(transactional.TxnId, transaction => transaction.EnlistSend(address, messages), out var error);
        return enlisted
            ? new TransactionalState { TxnId = transactional.TxnId, Outcome = Accepted.Instance }
            : new Rejected { Error = error };
    }

    private async Task SettleWhenStoredAsync(ReceivedDelivery delivery, ValueTask<BrokerResult<IReadOnlyList<SendOutcome>>> send)
    {
        DeliveryState state;
        try
        {
            state = Outcome(await send.ConfigureAwait(false));
        }
        catch (Exception exception)
        {
            // The journal failed or the broker stopped: the client must not believe the message is stored.
            state = new Rejected { Error = new Error(BrokerCondition.InternalError, $"The message could not be stored: {exception.Message}") };
        }

        Settle(delivery, state);
    }

    private static DeliveryState Outcome(BrokerResult<IReadOnlyList<SendOutcome>> result) =>
        result.IsSuccess ? Accepted.Instance : new Rejected { Error = AmqpErrors.From(result.Error!) };

    private bool TryDecode(ReceivedDelivery delivery, out IReadOnlyList<BrokerMessage> messages, out Error? error)
    {
        messages = [];
        error = null;
        if (delivery.Payload.Length > maxMessageSize)
        {
            error = TooLarge(delivery.Payload.Length);
            return false;
        }

        try
        {
            if (delivery.MessageFormat != ServiceBusAmqpNames.BatchedMessageFormat)
            {
                messages = [BrokerMessageDecoder.Decode(delivery.Payload)];
                return true;
            }

            var envelope = AmqpMessage.Decode(delivery.Payload);
            if (envelope.DataBody is not { Count: > 0 } sections)
            {
                error = new Error(ErrorCondition.DecodeError, "A batched message (format 0x80013700) must hold one data section per message.");
                return false;
            }

            var inner = new List<BrokerMessage>(sections.Count);
            foreach (var section in sections)
            {
                if (section.Binary.Length > maxMessageSize)
                {
                    error = TooLarge(section.Binary.Length);
                    return false;
                }

                inner.Add(BrokerMessageDecoder.Decode(section.Binary));
            }

            messages = inner;
            return true;
        }
        catch (AmqpException exception)
        {
            error = new Error(ErrorCondition.DecodeError, $"The message could not be decoded: {exception.Message}");
            return false;
        }
    }

    private Error TooLarge(int size) => new(BrokerCondition.MessageSizeExceeded,
        $"The message of {size} bytes exceeds the maximum message size of {maxMessageSize} bytes of '{address}'.");

    private void Settle(ReceivedDelivery delivery, DeliveryState state)
    {
        if (delivery.IsSettled)
        {
            return;
        }

        try
        {
            _ = link.SettleAsync(delivery, state);
        }
        catch (AmqpException)
        {
            // The link closed: the client sees the detach, not an outcome.
        }
    }
}
