using System.Net;
using System.Text.Json;
using AppHost.Resources;

namespace AppHost.Orchestration;

/// <summary>Asks a resource's health endpoint and turns the answer into a <see cref="HealthStatus"/> and a reason.</summary>
internal sealed class HealthProbe(HttpClient http)
{
    /// <summary>An ASP.NET Core health endpoint: 200 Healthy (or Degraded in the body), 503 Unhealthy.</summary>
    public async Task<(HealthStatus Status, string? Description)> CheckServiceAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            var body = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
            return response.StatusCode switch
            {
                HttpStatusCode.OK when body.Equals("Degraded", StringComparison.OrdinalIgnoreCase) => (HealthStatus.Degraded, "degraded"),
                HttpStatusCode.OK => (HealthStatus.Healthy, null),
                _ => (HealthStatus.Unhealthy, $"{(int)response.StatusCode} {body}"),
            };
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (HealthStatus.Unhealthy, $"health endpoint not answering ({exception.Message})");
        }
    }

    /// <summary>
    /// The Service Bus emulator's management <c>/health</c>: a JSON object of components. Healthy only when an
    /// <c>amqp</c> component listens; the broker alone is Degraded, because no client can reach it. Returns the AMQP
    /// port when there is one, so the connection string appears as soon as the emulator serves AMQP.
    /// </summary>
    public async Task<(HealthStatus Status, string? Description, int? AmqpPort)> CheckServiceBusEmulatorAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (HealthStatus.Unhealthy, $"health answered {(int)response.StatusCode}", null);
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            var amqp = document.RootElement.TryGetProperty("amqp", out var value) ? value.GetString() ?? "" : "absent";
            return ServiceBusEmulatorHealth.Interpret(amqp);
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (HealthStatus.Unhealthy, $"health endpoint not answering ({exception.Message})", null);
        }
    }
}
