using System.Net;
using System.Text.Json;
using AppHost.Resources;

namespace AppHost.Dashboard;

/// <summary>
/// The producer's replicas as the dashboard uses them: where to forward the produce form, and the sent count — the sum
/// of every replica's <c>GET /api/events/sent</c> (events the broker accepted from it since it started). A replica
/// that is not running or does not answer makes the count unavailable with the reason, never a partial sum that would
/// look like a loss. Dead letters resubmitted from the dashboard are not counted: the AppHost sends those, not a producer.
/// </summary>
internal sealed class ProducerReplicas(IReadOnlyList<string> names, ResourceRegistry registry, HttpClient http)
{
    /// <summary>The http endpoint of the first replica that is ready, else of the first that has one; null when none runs.</summary>
    public string? HttpUrl()
    {
        var running = names.Select(registry.Find).Where(resource => resource?.Endpoints.ContainsKey("http") == true).ToList();
        return (running.FirstOrDefault(resource => resource!.IsReady) ?? running.FirstOrDefault())?.Endpoints["http"];
    }

    public async Task<CountReading> SentAsync(CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            return CountReading.Unavailable("the topology has no producer");
        }

        long total = 0;
        foreach (var name in names)
        {
            if (registry.Find(name) is not { State: ResourceState.Running or ResourceState.Healthy } replica || !replica.Endpoints.TryGetValue("http", out var url))
            {
                return CountReading.Unavailable($"{name} is not running");
            }

            try
            {
                using var response = await http.GetAsync($"{url.TrimEnd('/')}/api/events/sent", cancellationToken).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return CountReading.Unavailable($"{name} answered {(int)response.StatusCode} for /api/events/sent");
                }

                using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
                total += document.RootElement.GetProperty("sent").GetInt64();
            }
            catch (Exception exception) when (exception is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
                or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return CountReading.Unavailable($"{name} did not tell its sent count: {exception.Message}");
            }
        }

        return CountReading.Of(total);
    }
}
