using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http;
using ServiceTesting;

namespace AppHost.Tests.Support;

/// <summary>
/// Stands in for a producer replica in the dashboard's unit tests, answering the two producer calls the dashboard makes
/// the way the real producer does (its real answers are covered by Flow.Tests and EndToEnd.Tests): <c>GET
/// /api/events/sent</c> with <see cref="Sent"/>, and <c>POST /api/events?count=N</c> with a summary, or problem details
/// for a count outside 1–10,000. <see cref="SentStatus"/> makes the sent call fail.
/// </summary>
internal sealed class StandInProducer : IAsyncDisposable
{
    private LoopbackServer _server = null!;

    private StandInProducer()
    {
    }

    public string Url => _server.Address.ToString().TrimEnd('/');

    public long Sent { get; set; }

    public HttpStatusCode SentStatus { get; set; } = HttpStatusCode.OK;

    public ConcurrentQueue<string> ProduceRequests { get; } = new();

    public static async Task<StandInProducer> StartAsync()
    {
        var producer = new StandInProducer();
        producer._server = await LoopbackServer.StartAsync((context, _) => producer.AnswerAsync(context));
        return producer;
    }

    private Task AnswerAsync(HttpContext context) => (context.Request.Method, context.Request.Path.Value) switch
    {
        ("GET", "/api/events/sent") => SentStatus == HttpStatusCode.OK
            ? Results.Json(new { sent = Sent, since = DateTimeOffset.UtcNow }).ExecuteAsync(context)
            : Results.Problem("stand-in failure", statusCode: (int)SentStatus).ExecuteAsync(context),
        ("POST", "/api/events") => Produce(context.Request.Query["count"].ToString()).ExecuteAsync(context),
        _ => Results.NotFound().ExecuteAsync(context),
    };

    private IResult Produce(string count)
    {
        ProduceRequests.Enqueue(count);
        return int.TryParse(count, out var n) && n is >= 1 and <= 10_000
            ? Results.Json(new { total_messages = n, bad_messages = 0 })
            : Results.Problem($"count must be between 1 and 10000, was '{count}'.", statusCode: StatusCodes.Status400BadRequest, title: "Invalid count");
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
