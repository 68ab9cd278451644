namespace Producer.Sending;

/// <summary>Sending stopped part-way: the first <see cref="SentCount"/> events are on the queue, the rest are not.</summary>
public sealed class StoreEventSendException(int sentCount, int totalCount, Exception innerException)
    : Exception($"Sent {sentCount} of {totalCount} store events, then the send failed: {innerException.Message}", innerException)
{
    public int SentCount { get; } = sentCount;

    public int TotalCount { get; } = totalCount;
}
