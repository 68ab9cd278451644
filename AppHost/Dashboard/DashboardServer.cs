using System.Net;
using System.Text.Json;
using AppHost.Orchestration;
using AppHost.Resources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceBus;

namespace AppHost.Dashboard;

/// <summary>
/// The AppHost's dashboard: a static page (<c>Dashboard/wwwroot</c>) and the JSON it reads — resources, each
/// resource's recent log, live counts (queue counts from the Service Bus emulator, archive and store counts from Azurite
/// and the Cosmos emulator) — on 127.0.0.1. The produce form forwards to the producer's <c>POST /api/events</c>; the
/// dead-letter viewer peeks and resubmits with our Service Bus client. The sent count is the producers' own
/// (<c>GET /api/events/sent</c> on each replica).
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    private const int DefaultPeekCount = 50;
    private const int MaxPeekCount = 500;

    private readonly WebApplication _app;
    private readonly HttpClient _producerHttp;

    private DashboardServer(WebApplication app, HttpClient producerHttp, string url)
    {
        _app = app;
        _producerHttp = producerHttp;
        Url = url;
    }

    public string Url { get; }

    /// <exception cref="AppHostStartException">The port is in use.</exception>
    public static async Task<DashboardServer> StartAsync(int port, ResourceRegistry registry, ResourceLog log, StorageCounts counts, ServiceBusCounts queueCounts,
        ProducerReplicas producers, DeadLetterQueue deadLetters, CancellationToken cancellationToken)
    {
        // Generating and sending 10,000 events (the producer's limit) takes a while on this machine.
        var producerHttp = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "Dashboard", "wwwroot"),
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton(counts);

        var app = builder.Build();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        var api = app.MapGroup("/api");
        api.MapGet("/resources", () => registry.Snapshot());
        api.MapGet("/resources/{name}/log", (string name) =>
            registry.Find(name) is null ? Results.NotFound() : Results.Ok(log.Recent(name)));
        api.MapGet("/counts", async (CancellationToken cancellation) =>
        {
            var sent = producers.SentAsync(cancellation);
            var archived = counts.ArchivedAsync(cancellation);
            var stored = counts.StoredAsync(cancellation);
            var (active, deadLettered) = await queueCounts.ReadAsync(cancellation).ConfigureAwait(false);
            return new Dictionary<string, object>
            {
                ["at"] = DateTimeOffset.UtcNow,
                ["sent"] = await sent.ConfigureAwait(false),
                ["active"] = active,
                ["deadLettered"] = deadLettered,
                ["archived"] = await archived.ConfigureAwait(false),
                ["stored"] = await stored.ConfigureAwait(false),
            };
        });
        api.MapPost("/produce", (HttpRequest request, CancellationToken cancellation) => ProduceAsync(request, producers, producerHttp, cancellation));
        api.MapGet("/dead-letters", (int? max, CancellationToken cancellation) => PeekDeadLettersAsync(deadLetters, max, cancellation));
        api.MapPost("/dead-letters/resubmit", (HttpRequest request, CancellationToken cancellation) => ResubmitAsync(request, deadLetters, cancellation));

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            producerHttp.Dispose();
            throw new AppHostStartException(
                $"the dashboard's port {port} on 127.0.0.1 is in use; pass --dashboard-port <port> (0 picks a free one). ({exception.Message})", exception);
        }

        var bound = app.Urls.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        return new DashboardServer(app, producerHttp, bound.TrimEnd('/'));
    }

    /// <summary>Forwards <c>count</c> (query or JSON body) to the producer; its answer, success or problem, is passed through as is.</summary>
    private static async Task<IResult> ProduceAsync(HttpRequest request, ProducerReplicas producers, HttpClient producerHttp, CancellationToken cancellationToken)
    {
        string? count = request.Query["count"];
        if (count is null && request.HasJsonContentType())
        {
            var body = await ReadJsonBodyAsync(request, cancellationToken).ConfigureAwait(false);
            if (body is { ValueKind: JsonValueKind.Object } && body.Value.TryGetProperty("count", out var value))
            {
                count = value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString();
            }
        }

        if (string.IsNullOrWhiteSpace(count))
        {
            return Results.Problem("Give the number of events as ?count=N or a JSON body {\"count\": N}.", statusCode: StatusCodes.Status400BadRequest, title: "count is missing");
        }

        if (producers.HttpUrl() is not { } producerUrl)
        {
            return Results.Problem("The producer has no http endpoint yet: it is not running.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "The producer is not running");
        }

        try
        {
            using var response = await producerHttp.PostAsync($"{producerUrl.TrimEnd('/')}/api/events?count={Uri.EscapeDataString(count)}", content: null, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var contentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
            return Results.Content(text, contentType, statusCode: (int)response.StatusCode);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Results.Problem($"POST {producerUrl}/api/events failed: {exception.Message}", statusCode: StatusCodes.Status502BadGateway, title: "The producer did not answer");
        }
    }

    private static async Task<IResult> PeekDeadLettersAsync(DeadLetterQueue deadLetters, int? max, CancellationToken cancellationToken)
    {
        var count = max ?? DefaultPeekCount;
        if (count is < 1 or > MaxPeekCount)
        {
            return Results.Problem($"max must be between 1 and {MaxPeekCount}, was {count}.", statusCode: StatusCodes.Status400BadRequest, title: "max is out of range");
        }

        try
        {
            return Results.Ok(await deadLetters.PeekAsync(count, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception exception) when (exception is ServiceBusException or InvalidOperationException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return Results.Problem(exception.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Could not read the dead letters");
        }
    }

    /// <summary>Body <c>{"sequenceNumber": n}</c> or <c>{"messageId": "..."}</c>.</summary>
    private static async Task<IResult> ResubmitAsync(HttpRequest request, DeadLetterQueue deadLetters, CancellationToken cancellationToken)
    {
        var body = request.HasJsonContentType() ? await ReadJsonBodyAsync(request, cancellationToken).ConfigureAwait(false) : null;
        long? sequenceNumber = null;
        string? messageId = null;
        if (body is { ValueKind: JsonValueKind.Object } json)
        {
            if (json.TryGetProperty("sequenceNumber", out var number) && number.ValueKind == JsonValueKind.Number && number.TryGetInt64(out var parsed))
            {
                sequenceNumber = parsed;
            }

            if (json.TryGetProperty("messageId", out var id) && id.ValueKind == JsonValueKind.String)
            {
                messageId = id.GetString();
            }
        }

        if (sequenceNumber is null && string.IsNullOrEmpty(messageId))
        {
            return Results.Problem("Give the dead letter as a JSON body {\"sequenceNumber\": n} or {\"messageId\": \"...\"}.", statusCode: StatusCodes.Status400BadRequest, title: "Which dead letter?");
        }

        try
        {
            var result = await deadLetters.ResubmitAsync(sequenceNumber, messageId, cancellationToken).ConfigureAwait(false);
            return result is null
                ? Results.Problem($"No dead letter {(sequenceNumber is { } n ? $"with sequence number {n}" : $"with message id '{messageId}'")} was found (it may have been resubmitted already).",
                    statusCode: StatusCodes.Status404NotFound, title: "No such dead letter")
                : Results.Ok(result);
        }
        catch (Exception exception) when (exception is ServiceBusException or InvalidOperationException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return Results.Problem(exception.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Could not resubmit the dead letter");
        }
    }

    private static async Task<JsonElement?> ReadJsonBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _producerHttp.Dispose();
    }
}
