using Microsoft.Extensions.Options;
using ServiceBus;

namespace Consumer.Processing;

/// <summary>
/// Runs the Service Bus processor for the store-events queue with <see cref="StoreEventHandler"/>. On shutdown
/// (SIGTERM) it stops receiving, lets running handlers finish (each abandons its message if cancelled) for at most
/// <see cref="StoreEventProcessorOptions.StopTimeout"/>, and closes the link; prefetched messages go back to the queue.
/// </summary>
public sealed class StoreEventProcessor(ServiceBusProcessor processor, StoreEventHandler handler, ILogger<StoreEventProcessor> logger) : IHostedService
{
    public static ServiceBusProcessorOptions CreateProcessorOptions(StoreEventProcessorOptions options) => new()
    {
        MaxConcurrentCalls = options.MaxConcurrentCalls,
        PrefetchCount = options.PrefetchCount,
        AutoCompleteMessages = false,
        MaxAutoLockRenewalDuration = options.MaxAutoLockRenewalDuration,
        StopTimeout = options.StopTimeout,
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
        await processor.StopProcessingAsync(cancellationToken);
    }
}
