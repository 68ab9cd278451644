using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Azure.Messaging.ServiceBus;

namespace AspireHosting;

/// <summary>
/// Dashboard commands on a Service Bus resource for one queue's dead-letter subqueue, through the official SDK:
/// "Peek dead letters" shows each one's reason, description, application properties and body; "Resubmit dead letters"
/// sends each back to the queue as a copy and only then completes the dead letter, so a failed send loses nothing.
/// </summary>
public static class DeadLetterCommands
{
    public const string PeekCommandName = "peek-dead-letters";
    public const string ResubmitCommandName = "resubmit-dead-letters";

    /// <summary>Application property naming the message id a resubmitted copy was made from.</summary>
    public const string ResubmittedFromProperty = "resubmitted_from";

    /// <summary>The most dead letters one command shows or resubmits.</summary>
    public const int Limit = 100;

    public static IResourceBuilder<T> WithDeadLetterCommands<T>(this IResourceBuilder<T> builder, string queueName)
        where T : IResourceWithConnectionString
    {
        var resource = builder.Resource;
        var whenRunning = new Func<UpdateCommandStateContext, ResourceCommandState>(context =>
            context.ResourceSnapshot.HealthStatus is Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy ? ResourceCommandState.Enabled : ResourceCommandState.Disabled);

        builder.WithCommand(PeekCommandName, "Peek dead letters", async context =>
        {
            await using var client = new ServiceBusClient(await resource.ConnectionStringExpression.GetValueAsync(context.CancellationToken).ConfigureAwait(false));
            await using var receiver = client.CreateReceiver(queueName, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
            var messages = await receiver.PeekMessagesAsync(Limit, cancellationToken: context.CancellationToken).ConfigureAwait(false);
            var view = new JsonArray([.. messages.Select(Describe)]);
            return CommandResults.Success(
                string.Create(CultureInfo.InvariantCulture, $"{messages.Count} dead letter(s) in {queueName}{(messages.Count == Limit ? $" (the first {Limit})" : "")}"),
                view.ToJsonString(new JsonSerializerOptions { WriteIndented = true }),
                CommandResultFormat.Json,
                displayImmediately: true);
        }, new CommandOptions
        {
            Description = $"Shows up to {Limit} dead letters of {queueName}: reason, description, application properties and body.",
            IconName = "MailInboxDismiss",
            UpdateState = whenRunning,
        });

        builder.WithCommand(ResubmitCommandName, "Resubmit dead letters", async context =>
        {
            await using var client = new ServiceBusClient(await resource.ConnectionStringExpression.GetValueAsync(context.CancellationToken).ConfigureAwait(false));
            await using var receiver = client.CreateReceiver(queueName, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
            await using var sender = client.CreateSender(queueName);
            // Only the dead letters there when the command starts: a resubmitted copy the consumers dead-letter again
            // lands behind them and must not be sent round a second time by the same command.
            var present = await receiver.PeekMessagesAsync(Limit, cancellationToken: context.CancellationToken).ConfigureAwait(false);
            var resubmitted = 0;
            var last = present.Count == 0 ? -1 : present[^1].SequenceNumber;
            var done = present.Count == 0;
            while (!done)
            {
                var batch = await receiver.ReceiveMessagesAsync(Limit, TimeSpan.FromSeconds(1), context.CancellationToken).ConfigureAwait(false);
                done = batch.Count == 0;
                foreach (var deadLetter in batch)
                {
                    if (deadLetter.SequenceNumber > last)
                    {
                        await receiver.AbandonMessageAsync(deadLetter, cancellationToken: context.CancellationToken).ConfigureAwait(false);
                        done = true;
                        continue;
                    }

                    // A new message id: the queue detects duplicates by id and would silently drop a copy sent with the original's.
                    var copy = new ServiceBusMessage(deadLetter) { MessageId = Guid.NewGuid().ToString() };
                    copy.ApplicationProperties[ResubmittedFromProperty] = deadLetter.MessageId;
                    await sender.SendMessageAsync(copy, context.CancellationToken).ConfigureAwait(false);
                    await receiver.CompleteMessageAsync(deadLetter, context.CancellationToken).ConfigureAwait(false);
                    resubmitted++;
                    done |= deadLetter.SequenceNumber == last;
                }
            }

            return CommandResults.Success(string.Create(CultureInfo.InvariantCulture, $"{resubmitted} dead letter(s) sent back to {queueName} as copies with new message ids"));
        }, new CommandOptions
        {
            Description = $"Sends up to {Limit} dead letters back to {queueName} (a copy with a new message id and {ResubmittedFromProperty}), then removes them from the dead-letter queue.",
            ConfirmationMessage = $"Send the dead letters of {queueName} back to the queue?",
            IconName = "ArrowReply",
            UpdateState = whenRunning,
        });
        return builder;
    }

    private static JsonNode Describe(ServiceBusReceivedMessage message)
    {
        var properties = new JsonObject();
        foreach (var (name, value) in message.ApplicationProperties)
        {
            properties[name] = value is null ? null : JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture));
        }

        return new JsonObject
        {
            ["messageId"] = message.MessageId,
            ["sequenceNumber"] = message.SequenceNumber,
            ["enqueuedTime"] = message.EnqueuedTime.ToString("O", CultureInfo.InvariantCulture),
            ["deadLetterReason"] = message.DeadLetterReason,
            ["deadLetterErrorDescription"] = message.DeadLetterErrorDescription,
            ["applicationProperties"] = properties,
            ["body"] = message.Body.ToString(),
        };
    }
}
