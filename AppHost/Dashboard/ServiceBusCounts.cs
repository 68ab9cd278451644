using System.Net;
using System.Text.Json;

namespace AppHost.Dashboard;

/// <summary>
/// The queue's active and dead-lettered message counts from the Service Bus emulator's management port
/// (<c>GET /entities</c>, next to its <c>/health</c>).
/// </summary>
internal sealed class ServiceBusCounts(Func<string?> healthUrl, string queueName, HttpClient http)
{
    private const string NotRunning = "the Service Bus emulator is not running";

    public async Task<(CountReading Active, CountReading DeadLettered)> ReadAsync(CancellationToken cancellationToken)
    {
        if (healthUrl() is not { } health)
        {
            return (CountReading.Unavailable(NotRunning), CountReading.Unavailable(NotRunning));
        }

        try
        {
            using var response = await http.GetAsync(health.Replace("/health", "/entities", StringComparison.Ordinal), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var reason = $"the emulator's management port answered {(int)response.StatusCode} for /entities";
                return (CountReading.Unavailable(reason), CountReading.Unavailable(reason));
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            foreach (var entity in document.RootElement.EnumerateArray())
            {
                if (string.Equals(entity.GetProperty("path").GetString(), queueName, StringComparison.OrdinalIgnoreCase))
                {
                    return (CountReading.Of(entity.GetProperty("active").GetInt64()), CountReading.Of(entity.GetProperty("deadLettered").GetInt64()));
                }
            }

            var missing = $"the emulator has no queue '{queueName}'";
            return (CountReading.Unavailable(missing), CountReading.Unavailable(missing));
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or KeyNotFoundException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (CountReading.Unavailable(exception.Message), CountReading.Unavailable(exception.Message));
        }
    }
}
