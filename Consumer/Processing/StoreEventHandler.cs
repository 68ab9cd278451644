using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using Consumer.Storage;
using Contracts;
using Contracts.Validation;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace Consumer.Processing;

/// <summary>
/// Handles one store event message: validate, archive to Blob, store in Cosmos, complete. Nothing is completed unless
/// both writes succeeded (or found the same event already there: a redelivery writes nothing). A bad event is
/// dead-lettered with <see cref="DeadLetterReasons.InvalidEvent"/> and what is wrong with it; an event that differs
/// from one already stored under its id, with <see cref="DeadLetterReasons.ConflictingEvent"/>; a transient storage failure is retried with exponential backoff and jitter for at most
/// <see cref="StoreEventProcessorOptions.StorageRetryBudget"/>, then the message is abandoned for redelivery.
/// </summary>
public sealed class StoreEventHandler
{
    private const int MaxDescriptionLength = 1024;

    private readonly EventArchive _archive;
    private readonly EventStore _store;
    private readonly ILogger<StoreEventHandler> _logger;
    private readonly TimeSpan _retryBudget;
    private readonly TimeSpan _lockRenewal;
    private readonly ResiliencePipeline _storageRetry;

    public StoreEventHandler(EventArchive archive, EventStore store, IOptions<StoreEventProcessorOptions> options, ILogger<StoreEventHandler> logger)
    {
        _archive = archive;
        _store = store;
        _logger = logger;
        _retryBudget = options.Value.StorageRetryBudget;
        _lockRenewal = options.Value.MaxAutoLockRenewalDuration;
        _storageRetry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientStorageFailure.Matches),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromSeconds(3),
                // Bounded by the retry budget's cancellation, not by a count.
                MaxRetryAttempts = int.MaxValue,
            })
            .Build();
    }

    public async Task HandleAsync(ProcessMessageEventArgs args)
    {
        var message = args.Message;
        var started = Stopwatch.GetTimestamp();
        ConsumerMetrics.Received.Add(1);
        var outcome = await ProcessAsync(args, message);
        ConsumerMetrics.Settled.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("processor", args.Identifier));
        ConsumerMetrics.ProcessingDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task<string> ProcessAsync(ProcessMessageEventArgs args, ServiceBusReceivedMessage message)
    {
        var eventType = message.ApplicationProperties.TryGetValue(StoreEventApplicationProperties.EventType, out var value) ? value as string : null;
        var validation = StoreEventValidator.Validate(eventType, message.Body.ToMemory());
        if (!validation.IsValid)
        {
            _logger.LogWarning("Dead-lettering message {MessageId}: {Problems}", message.MessageId, validation.Reason);
            return await DeadLetterAsync(args, DeadLetterReasons.InvalidEvent, Shorten(validation.Reason));
        }

        var storeEvent = validation.Message!;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(args.CancellationToken);
        budget.CancelAfter(Budget(message));
        try
        {
            var archived = await _storageRetry.ExecuteAsync(token => new ValueTask<ArchiveOutcome>(_archive.ArchiveAsync(storeEvent, token)), budget.Token);
            if (archived == ArchiveOutcome.Conflict)
            {
                var description = $"a different event is already archived as {EventArchive.BlobNameFor(storeEvent)}; it was kept";
                _logger.LogWarning("Dead-lettering message {MessageId}: {Description}", message.MessageId, description);
                return await DeadLetterAsync(args, DeadLetterReasons.ConflictingEvent, description);
            }

            if (archived == ArchiveOutcome.Archived)
            {
                ConsumerMetrics.Archived.Add(1);
            }

            var stored = await _storageRetry.ExecuteAsync(token => new ValueTask<StoreOutcome>(_store.StoreAsync(storeEvent, token)), budget.Token);
            if (stored == StoreOutcome.Conflict)
            {
                // The archive did not see it (the other event's blob has another name: another type or day), Cosmos
                // did. The blob this delivery may have written stays; the description says so for whoever decides.
                var description = $"a different event is already stored in Cosmos DB as item {storeEvent.Event.Id} of store {storeEvent.Event.StoreId}; it was kept"
                    + (archived == ArchiveOutcome.Archived ? $", and this event was archived as {EventArchive.BlobNameFor(storeEvent)} before the conflict showed" : "");
                _logger.LogWarning("Dead-lettering message {MessageId}: {Description}", message.MessageId, description);
                return await DeadLetterAsync(args, DeadLetterReasons.ConflictingEvent, description);
            }

            if (stored == StoreOutcome.Stored)
            {
                ConsumerMetrics.Stored.Add(1);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException || TransientStorageFailure.Matches(exception) || exception is Microsoft.Azure.Cosmos.CosmosException or Azure.RequestFailedException)
        {
            // Out of retry budget, shutting down, or refused: the message goes back to the queue (MaxDeliveryCount
            // eventually dead-letters one that never succeeds). Both writes are idempotent, so redelivery is safe.
            _logger.LogWarning(exception, "Abandoning message {MessageId} (delivery {DeliveryCount}): storage did not accept it", message.MessageId, message.DeliveryCount);
            await args.AbandonMessageAsync(message, cancellationToken: CancellationToken.None);
            return "abandoned";
        }

        ConsumerMetrics.EnqueueToPersisted.Record((DateTimeOffset.UtcNow - message.EnqueuedTime).TotalMilliseconds);
        await args.CompleteMessageAsync(message, CancellationToken.None);
        return "completed";
    }

    private static async Task<string> DeadLetterAsync(ProcessMessageEventArgs args, string reason, string description)
    {
        await args.DeadLetterMessageAsync(args.Message, reason, description, CancellationToken.None);
        ConsumerMetrics.DeadLettered.Add(1, new KeyValuePair<string, object?>("reason", reason));
        return "dead_lettered";
    }

    // While the processor renews the lock, the retry budget may use the renewal window; without renewal, only what is
    // left of the lock (minus a second to settle in), so an abandon never arrives after the lock was lost.
    private TimeSpan Budget(ServiceBusReceivedMessage message)
    {
        var lockLeft = _lockRenewal > TimeSpan.Zero ? _lockRenewal : message.LockedUntil - DateTimeOffset.UtcNow - TimeSpan.FromSeconds(1);
        return lockLeft < _retryBudget ? (lockLeft > TimeSpan.Zero ? lockLeft : TimeSpan.Zero) : _retryBudget;
    }

    private static string Shorten(string text) => text.Length <= MaxDescriptionLength ? text : text[..(MaxDescriptionLength - 1)] + "…";
}
