using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;

namespace Consumer.Processing;

/// <summary>
/// Runs the Service Bus processor for the store-events queue with <see cref="StoreEventHandler"/>. On shutdown
/// (SIGTERM) it stops receiving and signals the running handlers, which abandon what they have not finished (both
/// writes are idempotent, so the redelivery is safe); it waits for them at most
/// <see cref="StoreEventProcessorOptions.StopTimeout"/>, then the host disposes the processor and its links.
/// </summary>
public sealed class StoreEventProcessor(ServiceBusProcessor processor, StoreEventHandler handler, IOptions<StoreEventProcessorOptions> options,
    ILogger<StoreEventProcessor> logger) : IHostedService
{
    public static ServiceBusProcessorOptions CreateProcessorOptions(StoreEventProcessorOptions options) => new()
    {
        MaxConcurrentCalls = options.MaxConcurrentCalls,
        PrefetchCount = options.PrefetchCount,
        AutoCompleteMessages = false,
        MaxAutoLockRenewalDuration = options.MaxAutoLockRenewalDuration,
    };

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        processor.ProcessMessageAsync += handler.HandleAsync;
        processor.ProcessErrorAsync += args =>
        {
            logger.LogWarning(args.Exception, "Service Bus processor error ({ErrorSource}) on {EntityPath}", args.ErrorSource, args.EntityPath);
            return Task.CompletedTask;
        };
        await processor.StartProcessingAsync(cancellationToken);
        logger.LogInformation("Processing {EntityPath} with {MaxConcurrentCalls} concurrent calls, prefetch {PrefetchCount}",
            processor.EntityPath, processor.MaxConcurrentCalls, processor.PrefetchCount);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Stopping: no new messages; waiting for running handlers");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(options.Value.StopTimeout);
        try
        {
            await processor.StopProcessingAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            logger.LogWarning("Handlers still running after {StopTimeout}: closing the link under them (their locks expire and the messages come back)", options.Value.StopTimeout);
        }
    }
}
