namespace ServiceBus.Tests.Support;

public static class TestClients
{
    /// <summary>Short back-off so tests that provoke transient failures finish quickly.</summary>
    public static ServiceBusClient Create(string connectionString) => new(connectionString, new ServiceBusClientOptions
    {
        RetryOptions = new ServiceBusRetryOptions { Delay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(2), TryTimeout = TimeSpan.FromSeconds(15), MaxRetries = 3 },
    });
}
