using ServiceBus.Transport;

namespace ServiceBus.Tests.Unit;

public sealed class RetryPolicyTests
{
    private static readonly ServiceBusException Transient = new(true, "busy", null, ServiceBusFailureReason.ServiceBusy);

    [Fact]
    public void Exponential_delays_double_within_the_jitter_band_and_stop_at_the_cap()
    {
        var policy = new ServiceBusRetryPolicy(new ServiceBusRetryOptions { Delay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(5), MaxRetries = 10 });
        var random = new Random(42);

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var nominal = Math.Pow(2, attempt - 1);
            for (var sample = 0; sample < 200; sample++)
            {
                var delay = policy.CalculateRetryDelay(Transient, attempt, random)!.Value.TotalSeconds;
                Assert.InRange(delay, Math.Min(nominal * 0.8, 5), Math.Min(nominal * 1.2, 5));
            }
        }
    }

    [Fact]
    public void Jitter_spreads_clients_that_failed_together()
    {
        var policy = new ServiceBusRetryPolicy(new ServiceBusRetryOptions { Delay = TimeSpan.FromSeconds(1) });
        var random = new Random(7);

        var delays = Enumerable.Range(0, 50).Select(_ => policy.CalculateRetryDelay(Transient, 1, random)!.Value).Distinct().Count();

        Assert.True(delays > 40);
    }

    [Fact]
    public void No_retry_after_the_budget_or_for_a_permanent_failure()
    {
        var policy = new ServiceBusRetryPolicy(new ServiceBusRetryOptions { MaxRetries = 2 });

        Assert.NotNull(policy.CalculateRetryDelay(Transient, 2, Random.Shared));
        Assert.Null(policy.CalculateRetryDelay(Transient, 3, Random.Shared));
        Assert.Null(policy.CalculateRetryDelay(new ServiceBusException("gone", ServiceBusFailureReason.MessagingEntityNotFound), 1, Random.Shared));
        Assert.Null(policy.CalculateRetryDelay(new ArgumentException("bad"), 1, Random.Shared));
    }

    [Fact]
    public async Task Transient_failures_are_retried_until_the_operation_succeeds()
    {
        var policy = new ServiceBusRetryPolicy(new ServiceBusRetryOptions { Delay = TimeSpan.FromMilliseconds(1), MaxRetries = 3 });
        var attempts = 0;

        var result = await policy.RunAsync(_ => ++attempts < 3 ? throw new IOException("connection reset") : Task.FromResult("done"), "q", CancellationToken.None);

        Assert.Equal("done", result);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Permanent_failure_surfaces_at_once_as_a_service_bus_exception()
    {
        var policy = new ServiceBusRetryPolicy(new ServiceBusRetryOptions { Delay = TimeSpan.FromMilliseconds(1) });
        var attempts = 0;

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => policy.RunAsync<int>(_ =>
        {
            attempts++;
            throw new Amqp.AmqpException(Amqp.Framing.ErrorCondition.NotFound, "The messaging entity 'q' could not be found.");
        }, "q", CancellationToken.None));

        Assert.Equal(1, attempts);
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, error.Reason);
    }

    [Fact]
    public async Task Attempt_that_exceeds_the_try_timeout_counts_as_a_service_timeout()
    {
        var policy = new ServiceBusRetryPolicy(new ServiceBusRetryOptions { TryTimeout = TimeSpan.FromMilliseconds(50), Delay = TimeSpan.FromMilliseconds(1), MaxRetries = 1 });

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => policy.RunAsync(token => Task.Delay(Timeout.Infinite, token), "q", CancellationToken.None));

        Assert.Equal(ServiceBusFailureReason.ServiceTimeout, error.Reason);
        Assert.True(error.IsTransient);
    }
}
