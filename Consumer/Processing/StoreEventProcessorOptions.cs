namespace Consumer.Processing;

/// <summary>The <c>Processor</c> configuration section: how the consumer receives store events.</summary>
public sealed class StoreEventProcessorOptions
{
    public const string SectionName = "Processor";

    /// <summary>Messages handled at once by this consumer process.</summary>
    public int MaxConcurrentCalls { get; set; } = 16;

    /// <summary>Messages locked ahead of the handlers, so a handler never waits on a round trip to the broker.</summary>
    public int PrefetchCount { get; set; } = 32;

    /// <summary>How long a message's lock is renewed while its handler (including storage retries) runs.</summary>
    public TimeSpan MaxAutoLockRenewalDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long one delivery keeps retrying a storage write that failed transiently before it abandons the message
    /// (which the broker redelivers until MaxDeliveryCount sends it to the dead-letter queue). Capped by the lock renewal.
    /// </summary>
    public TimeSpan StorageRetryBudget { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long shutdown waits for running handlers to settle before it closes the link under them (their locks then expire).</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
