namespace ServiceBus.Transport;

/// <summary>
/// Runs an operation and retries it after transient failures with exponential (or fixed) back-off and jitter, each
/// attempt bounded by <see cref="ServiceBusRetryOptions.TryTimeout"/>.
/// </summary>
internal sealed class ServiceBusRetryPolicy(ServiceBusRetryOptions options)
{
    // ±20 % spreads out clients that failed together (a broker restart) so they do not reconnect in lock step.
    private const double JitterFactor = 0.2;

    public ServiceBusRetryOptions Options { get; } = options;

    /// <summary>The delay before retry number <paramref name="attempt"/> (1-based), or null when no retry is left.</summary>
    public TimeSpan? CalculateRetryDelay(Exception exception, int attempt, Random random)
    {
        if (attempt > Options.MaxRetries || !IsRetriable(exception))
        {
            return null;
        }

        var baseDelay = Options.Mode == ServiceBusRetryMode.Fixed
            ? Options.Delay.TotalMilliseconds
            : Options.Delay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var jittered = baseDelay * (1 + ((random.NextDouble() * 2) - 1) * JitterFactor);
        return TimeSpan.FromMilliseconds(Math.Min(jittered, Options.MaxDelay.TotalMilliseconds));
    }

    public static bool IsRetriable(Exception exception) => exception is ServiceBusException { IsTransient: true };

    /// <param name="attemptTimeout">How long one attempt may take; <see cref="ServiceBusRetryOptions.TryTimeout"/> when null
    /// (a receive that may wait longer than that passes its wait plus the try timeout).</param>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, string? entityPath, CancellationToken cancellationToken,
        TimeSpan? attemptTimeout = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var attemptLimit = attemptTimeout ?? Options.TryTimeout;
            using var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptCancellation.CancelAfter(attemptLimit);
            Exception failure;
            try
            {
                return await operation(attemptCancellation.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = new ServiceBusException(true, $"The operation did not complete within {attemptLimit}.", entityPath,
                    ServiceBusFailureReason.ServiceTimeout);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failure = AmqpErrorMapping.Translate(exception, entityPath);
            }

            var delay = CalculateRetryDelay(failure, attempt, Random.Shared);
            if (delay is null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            await Task.Delay(delay!.Value, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task RunAsync(Func<CancellationToken, Task> operation, string? entityPath, CancellationToken cancellationToken) =>
        RunAsync(async token =>
        {
            await operation(token).ConfigureAwait(false);
            return true;
        }, entityPath, cancellationToken);
}
