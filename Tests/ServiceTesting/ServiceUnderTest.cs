using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceTesting;

/// <summary>
/// A real service (its own Program) on a test server, asked what an orchestrator asks it: its endpoints, whether it is
/// ready, and each health check's verdict and description as an operator's health report would show them.
/// </summary>
public abstract class ServiceUnderTest<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var client = CreateClient();
        using var response = await client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Asks <c>/health</c> until it answers 200, or gives its last answer after <paramref name="within"/>.</summary>
    public Task<(HttpStatusCode Status, string Body)> WaitForReadinessAsync(TimeSpan within) =>
        PollAsync(() => GetAsync("/health"), answer => answer.Status == HttpStatusCode.OK, within);

    public async Task<IReadOnlyDictionary<string, HealthReportEntry>> CheckHealthAsync() =>
        (await Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries;

    /// <summary>
    /// Runs the checks until <paramref name="check"/>'s description contains <paramref name="expected"/>, or gives the
    /// last report after <paramref name="within"/>: on a loaded machine a first probe may run out of time before the
    /// answer it waits for arrives, and the next one gets it.
    /// </summary>
    public Task<IReadOnlyDictionary<string, HealthReportEntry>> WaitForCheckAsync(string check, string expected, TimeSpan within) =>
        PollAsync(CheckHealthAsync, entries => entries[check].Description?.Contains(expected, StringComparison.Ordinal) == true, within);

    private static async Task<T> PollAsync<T>(Func<Task<T>> ask, Func<T, bool> done, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var answer = await ask();
            if (done(answer) || DateTime.UtcNow > deadline)
            {
                return answer;
            }

            await Task.Delay(PollInterval);
        }
    }
}
