using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceTesting;

namespace Consumer.Tests;

/// <summary>The real consumer (Program: storage, processing, /health, /alive) on a test server, configured the way the AppHost configures it.</summary>
internal sealed class ConsumerApp(Dictionary<string, string?> settings) : ServiceUnderTest<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Host settings: the composition root reads them before the host is built, as it reads the AppHost's environment.
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public Task<IReadOnlyDictionary<string, HealthReportEntry>> WaitForServiceBusCheckAsync(string expected, TimeSpan within) =>
        WaitForCheckAsync("servicebus", expected, within);
}
