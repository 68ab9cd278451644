using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost;

/// <summary>
/// "Send N events" on the producer: POST /api/events?count=N, answered with the producer's summary. Written here rather
/// than with WithHttpCommand, whose path cannot carry a query string.
/// </summary>
internal static class ProducerCommands
{
    public static IResourceBuilder<ProjectResource> WithSendEventsCommand(this IResourceBuilder<ProjectResource> producer, int count)
    {
        var path = $"/api/events?count={count}";
        return producer.WithCommand($"send-{count}-events", $"Send {count} events", async context =>
        {
            using var client = new HttpClient { BaseAddress = new Uri(producer.Resource.GetEndpoint("http").Url), Timeout = TimeSpan.FromMinutes(1) };
            using var response = await client.PostAsync(path, content: null, context.CancellationToken);
            var answer = await response.Content.ReadAsStringAsync(context.CancellationToken);
            return response.IsSuccessStatusCode
                ? CommandResults.Success($"Sent {count} events", answer, CommandResultFormat.Json)
                : CommandResults.Failure($"POST {path} answered {(int)response.StatusCode}: {answer}");
        }, new CommandOptions
        {
            Description = $"POST {path}: the producer generates {count} store events (some deliberately invalid) and sends them.",
            IconName = "Send",
            UpdateState = context => context.ResourceSnapshot.HealthStatus is HealthStatus.Healthy ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
        });
    }
}
