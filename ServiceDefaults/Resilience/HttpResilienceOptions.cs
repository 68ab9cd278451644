namespace ServiceDefaults.Resilience;

/// <summary>
/// How an outgoing HTTP call is protected, outermost first: a total timeout over all attempts, retries with
/// exponential backoff and jitter for transient failures, a circuit breaker, and a timeout per attempt.
/// The defaults follow Microsoft's standard resilience handler.
/// </summary>
public sealed class HttpResilienceOptions
{
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first retry's median delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The breaker opens when at least this share of calls failed within <see cref="BreakerSamplingDuration"/>.</summary>
    public double BreakerFailureRatio { get; set; } = 0.1;

    public int BreakerMinimumThroughput { get; set; } = 100;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
