using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AppHost.Tests.Support;

/// <summary>
/// Stands in for a producer replica in the dashboard's unit tests, answering the two producer calls the dashboard makes
/// the way the real producer does (its real answers are covered by Flow.Tests and EndToEnd.Tests): <c>GET
/// /api/events/sent</c> with <see cref="Sent"/>, and <c>POST /api/events?count=N</c> with a summary, or problem details
/// for a count outside 1–10,000. <see cref="SentStatus"/> makes the sent call fail.
/// </summary>
internal sealed class StandInProducer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StandInProducer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public long Sent { get; set; }

    public HttpStatusCode SentStatus { get; set; } = HttpStatusCode.OK;

    public ConcurrentQueue<string> ProduceRequests { get; } = new();

    public static async Task<StandInProducer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        StandInProducer? self = null;
        app.MapGet("/api/events/sent", () => self!.SentStatus == HttpStatusCode.OK
            ? Results.Json(new { sent = self.Sent, since = DateTimeOffset.UtcNow })
            : Results.Problem("stand-in failure", statusCode: (int)self.SentStatus));
        app.MapPost("/api/events", (HttpRequest request) =>
        {
            var count = request.Query["count"].ToString();
            self!.ProduceRequests.Enqueue(count);
            return int.TryParse(count, out var n) && n is >= 1 and <= 10_000
                ? Results.Json(new { total_messages = n, bad_messages = 0 })
                : Results.Problem($"count must be between 1 and 10000, was '{count}'.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid count");
        });
        await app.StartAsync();
        self = new StandInProducer(app, app.Urls.Single().TrimEnd('/'));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
