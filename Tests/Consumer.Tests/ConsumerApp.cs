using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Consumer.Tests;

/// <summary>The real consumer (Program: storage, processing, /health, /alive) on a test server, configured the way the AppHost configures it.</summary>
internal sealed class ConsumerApp(Dictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Host settings: the composition root reads them before the host is built, as it reads the AppHost's environment.
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
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

    /// <summary>Every check's verdict and description, as an operator's health report (logs, publishers) would show them.</summary>
    public async Task<IReadOnlyDictionary<string, HealthReportEntry>> CheckHealthAsync() =>
        (await Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries;

    /// <summary>
    /// Runs the checks until the Service Bus one's description contains <paramref name="expected"/>, or gives the last
    /// report after <paramref name="within"/>: on a loaded machine the first probe may run out of time before the
    /// broker's answer arrives, and the next one gets it.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, HealthReportEntry>> WaitForServiceBusCheckAsync(string expected, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var entries = await CheckHealthAsync();
            if (entries["servicebus"].Description?.Contains(expected, StringComparison.Ordinal) == true || DateTime.UtcNow > deadline)
            {
                return entries;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
