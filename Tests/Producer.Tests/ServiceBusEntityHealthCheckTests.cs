using AzureClientIntegrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using ServiceTesting;

namespace Producer.Tests;

/// <summary>The Service Bus integration's check for a topic (the queue's is covered through the producer's <c>/health</c>).</summary>
public sealed class ServiceBusEntityHealthCheckTests : IAsyncLifetime
{
    private InProcessServiceBus _serviceBus = null!;

    public async Task InitializeAsync() => _serviceBus = await InProcessServiceBus.StartAsync();

    public async Task DisposeAsync() => await _serviceBus.DisposeAsync();

    [Fact]
    public async Task A_topic_that_exists_is_healthy()
    {
        var check = await CheckTopicAsync("store-notifications", "answers");

        Assert.Equal(HealthStatus.Healthy, check.Status);
        Assert.Contains("topic 'store-notifications'", check.Description);
    }

    [Fact]
    public async Task A_missing_topic_is_unhealthy_and_named()
    {
        var check = await CheckTopicAsync("no-such-topic", "MessagingEntityNotFound");

        Assert.Equal(HealthStatus.Unhealthy, check.Status);
        Assert.Contains("topic 'no-such-topic'", check.Description);
        Assert.Contains("MessagingEntityNotFound", check.Description);
    }

    // Probes until the description says what is expected: on a loaded machine the first probe may run out of time.
    private async Task<HealthReportEntry> CheckTopicAsync(string topic, string expected)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new("ConnectionStrings:servicebus", _serviceBus.ConnectionString)]);
        builder.AddAzureServiceBusClient("servicebus", settings => settings.HealthCheckTopicName = topic);
        await using var services = builder.Services.BuildServiceProvider();
        var health = services.GetRequiredService<HealthCheckService>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var entry = (await health.CheckHealthAsync()).Entries["servicebus"];
            if (entry.Description?.Contains(expected, StringComparison.Ordinal) == true || DateTime.UtcNow > deadline)
            {
                return entry;
            }

            await Task.Delay(100);
        }
    }
}
