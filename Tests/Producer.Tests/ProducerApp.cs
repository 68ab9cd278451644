using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Producer.Tests;

/// <summary>The real producer on a test server, configured the way the AppHost configures it.</summary>
public sealed class ProducerApp(string serviceBusConnectionString, string queueName) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:servicebus", serviceBusConnectionString);
        builder.UseSetting("ServiceBus:QueueName", queueName);
    }

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var client = CreateClient();
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Asks <c>/health</c> until it answers 200, or gives its last answer after <paramref name="within"/>.</summary>
    public async Task<(HttpStatusCode Status, string Body)> WaitForReadinessAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var answer = await GetAsync("/health");
            if (answer.Status == HttpStatusCode.OK || DateTime.UtcNow > deadline)
            {
                return answer;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>What the Service Bus check says, as an operator's health report (logs, publishers) would show it.</summary>
    public async Task<HealthReportEntry> CheckServiceBusAsync()
    {
        var report = await Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(registration => registration.Name == "servicebus");
        return report.Entries["servicebus"];
    }

    /// <summary>
    /// Runs the Service Bus check until its description contains <paramref name="expected"/>, or gives the last result
    /// after <paramref name="within"/>: on a loaded machine the first probe may run out of time before the broker's
    /// answer arrives, and the next one gets it.
    /// </summary>
    public async Task<HealthReportEntry> WaitForServiceBusCheckAsync(string expected, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var entry = await CheckServiceBusAsync();
            if (entry.Description?.Contains(expected, StringComparison.Ordinal) == true || DateTime.UtcNow > deadline)
            {
                return entry;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
