namespace Producer.Apis;

/// <summary>The answer to <c>GET /api/events/sent</c>: events the broker accepted from this producer since it started.</summary>
public sealed record SentStoreEvents(long Sent, DateTimeOffset Since);
