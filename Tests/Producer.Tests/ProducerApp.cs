using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceTesting;

namespace Producer.Tests;

/// <summary>The real producer on a test server, configured the way the AppHost configures it.</summary>
public sealed class ProducerApp(string serviceBusConnectionString, string queueName) : ServiceUnderTest<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:servicebus", serviceBusConnectionString);
        builder.UseSetting("ServiceBus:QueueName", queueName);
    }

    /// <summary>What the Service Bus check says, as an operator's health report (logs, publishers) would show it.</summary>
    public async Task<HealthReportEntry> CheckServiceBusAsync() => (await CheckHealthAsync())["servicebus"];

    public async Task<HealthReportEntry> WaitForServiceBusCheckAsync(string expected, TimeSpan within) =>
        (await WaitForCheckAsync("servicebus", expected, within))["servicebus"];
}
