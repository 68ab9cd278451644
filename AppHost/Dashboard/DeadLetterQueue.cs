using ServiceBus;

namespace AppHost.Dashboard;

/// <summary>
/// The queue's dead-letter subqueue, read and resubmitted with our Service Bus client. A client per call: the
/// emulator may restart between calls, and the dashboard's calls are rare and human-paced.
/// </summary>
internal sealed class DeadLetterQueue(Func<string?> connectionString, string queueName)
{
    /// <summary>How many dead letters a resubmit receives (and abandons) while looking for the one asked for.</summary>
    private const int ResubmitSearchLimit = 500;

    /// <summary>Application property naming the message id a resubmitted copy was made from.</summary>
    public const string ResubmittedFromProperty = "resubmitted_from";

    public async Task<IReadOnlyList<DeadLetterView>> PeekAsync(int max, CancellationToken cancellationToken)
    {
        await using var client = new ServiceBusClient(RequireConnectionString());
        await using var receiver = client.CreateReceiver(queueName, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var messages = await receiver.PeekMessagesAsync(max, cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. messages.Select(message => new DeadLetterView(
            message.MessageId,
            message.SequenceNumber,
            message.EnqueuedTime,
            message.DeadLetterReason,
            message.DeadLetterErrorDescription,
            message.ApplicationProperties.TryGetValue("event_type", out var eventType) ? eventType?.ToString() : null,
            message.ApplicationProperties.TryGetValue(ResubmittedFromProperty, out var original) ? original?.ToString() : null,
            message.Body.ToString()))];
    }

    /// <summary>
    /// Receives the dead letter (peek-lock) by sequence number or message id, sends a copy to the queue and only then
    /// completes the dead letter, so a failed send loses nothing. Dead letters received on the way are abandoned.
    /// The copy gets a new message id (the original goes in <see cref="ResubmittedFromProperty"/>): the queue detects
    /// duplicates by message id, and would silently drop a copy sent with the original's id inside its window.
    /// </summary>
    /// <returns>The resubmitted message, or null when no such dead letter was found.</returns>
    public async Task<ResubmitResult?> ResubmitAsync(long? sequenceNumber, string? messageId, CancellationToken cancellationToken)
    {
        await using var client = new ServiceBusClient(RequireConnectionString());
        await using var receiver = client.CreateReceiver(queueName, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter, ReceiveMode = ServiceBusReceiveMode.PeekLock });
        var passedOver = new List<ServiceBusReceivedMessage>();
        try
        {
            while (passedOver.Count < ResubmitSearchLimit)
            {
                var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
                if (message is null)
                {
                    return null;
                }

                var matches = sequenceNumber is { } wanted ? message.SequenceNumber == wanted : message.MessageId == messageId;
                if (!matches)
                {
                    passedOver.Add(message);
                    continue;
                }

                var copy = new ServiceBusMessage(message) { MessageId = Guid.NewGuid().ToString() };
                copy.ApplicationProperties[ResubmittedFromProperty] = message.MessageId;
                await using (var sender = client.CreateSender(queueName))
                {
                    await sender.SendMessageAsync(copy, cancellationToken).ConfigureAwait(false);
                }

                await receiver.CompleteMessageAsync(message, cancellationToken).ConfigureAwait(false);
                return new ResubmitResult(message.MessageId, message.SequenceNumber, copy.MessageId, queueName);
            }

            return null;
        }
        finally
        {
            foreach (var other in passedOver)
            {
                await receiver.AbandonMessageAsync(other, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private string RequireConnectionString() =>
        connectionString() ?? throw new InvalidOperationException("the Service Bus emulator is not running (no connection string yet)");
}
