using System.Globalization;
using System.Net.Mime;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Producer.Generation;
using Producer.Sending;

namespace Producer.Apis;

/// <summary>
/// <c>/api/events</c>: <c>GET|POST ?count=N</c> generates N events (some deliberately bad, like the reference), sends
/// them and answers the reference's summary; <c>POST</c> with a JSON array sends client-supplied events, all or none.
/// Every refusal is RFC 7807 problem details and sends nothing. <c>GET /api/events/sent</c> counts what was sent.
/// </summary>
public static class StoreEventsApi
{
    public static IEndpointRouteBuilder MapStoreEventsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/events").WithTags("Store events");
        api.MapGet("/", GenerateAsync)
            .WithName("GenerateStoreEvents")
            .WithSummary("Generates count store events (1–10,000) and sends them to the queue.");
        api.MapPost("/", PostAsync)
            .WithName("SendStoreEvents")
            .WithSummary("With ?count=N generates and sends N events; with a JSON array of {event_type, event} sends those events, all or none.");
        api.MapGet("/sent", (StoreEventPublisher publisher) => TypedResults.Ok(new SentStoreEvents(publisher.Sent, publisher.Since)))
            .WithName("CountSentStoreEvents")
            .WithSummary("How many events the broker accepted from this producer since it started (the dashboard's sent count).");
        return app;
    }

    public static async Task<IResult> GenerateAsync(HttpContext context, StoreEventPublisher publisher, IOptions<StoreEventGeneratorOptions> generatorOptions,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!TryReadCount(context.Request, out var count, out var problem))
        {
            return problem!;
        }

        var generated = new StoreEventGenerator(generatorOptions.Value, clock).Generate(count);
        var sent = await SendAsync(publisher, [.. generated.Select(OutgoingStoreEvent.From)], cancellationToken);
        return sent ?? TypedResults.Ok(StoreEventBatchSummary.Of(generated));
    }

    public static async Task<IResult> PostAsync(HttpContext context, StoreEventPublisher publisher, IOptions<StoreEventGeneratorOptions> generatorOptions,
        IOptions<StoreEventsApiOptions> apiOptions, TimeProvider clock, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (request.Query.ContainsKey("count"))
        {
            if (request.ContentLength > 0)
            {
                return BadRequest("Either count or a body", "Give either ?count=N to generate events or a JSON array of events in the body, not both.");
            }

            return await GenerateAsync(context, publisher, generatorOptions, clock, cancellationToken);
        }

        if (!IsJson(request.ContentType))
        {
            return TypedResults.Problem(
                title: "Unsupported content type",
                detail: $"The body must be application/json (a JSON array of events), was '{request.ContentType ?? "none"}'.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        var limit = apiOptions.Value.MaxRequestBodyBytes;
        var body = await ReadBoundedAsync(request, limit, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem(
                title: "Request body too large",
                detail: $"The body may hold at most {limit} bytes; send the events in several requests.",
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException exception)
        {
            return BadRequest("Malformed JSON",
                $"The body is not valid JSON at line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}: {exception.Message}");
        }

        using (document)
        {
            var (events, problems) = ClientStoreEvents.Parse(document.RootElement);
            if (problems.Count > 0)
            {
                return TypedResults.ValidationProblem(problems,
                    detail: $"{problems.Count} problem(s) in the request; nothing was sent.",
                    title: "Invalid store events");
            }

            var failed = await SendAsync(publisher, events, cancellationToken);
            return failed ?? TypedResults.Accepted((string?)null, new AcceptedStoreEvents(events.Count));
        }
    }

    private static async Task<IResult?> SendAsync(StoreEventPublisher publisher, IReadOnlyList<OutgoingStoreEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            await publisher.SendAsync(events, cancellationToken);
            return null;
        }
        catch (StoreEventTooLargeException exception)
        {
            return TypedResults.Problem(title: "Store event too large", detail: exception.Message, statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        catch (StoreEventSendException exception)
        {
            return TypedResults.Problem(title: "Service Bus unavailable", detail: exception.Message, statusCode: StatusCodes.Status503ServiceUnavailable,
                extensions: new Dictionary<string, object?> { ["sent"] = exception.SentCount, ["total"] = exception.TotalCount });
        }
    }

    private static bool TryReadCount(HttpRequest request, out int count, out IResult? problem)
    {
        count = 0;
        problem = null;
        var values = request.Query["count"];
        if (values.Count != 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out count) ||
            count is < 1 or > StoreEventsApiOptions.MaxEventCount)
        {
            problem = BadRequest("Invalid count",
                $"count must be one whole number from 1 to {StoreEventsApiOptions.MaxEventCount}, was '{string.Join(",", values.ToArray())}'.");
            return false;
        }

        return true;
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null &&
        contentType.Split(';')[0].Trim().Equals(MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase);

    // Null when the body is longer than the limit: refused by its declared length first, then by counting, so a
    // chunked body without a length cannot slip past.
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(title: title, detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
