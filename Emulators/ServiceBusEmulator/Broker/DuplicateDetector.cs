namespace ServiceBusEmulator.Broker;

/// <summary>Remembers message ids for the entity's DuplicateDetectionHistoryTimeWindow.</summary>
internal sealed class DuplicateDetector(TimeSpan window)
{
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string MessageId, DateTimeOffset SeenAt)> _history = new();

    public TimeSpan Window { get; } = window;

    public bool IsDuplicate(string messageId, DateTimeOffset now)
    {
        Forget(now);
        return _seen.ContainsKey(messageId);
    }

    public void Remember(string messageId, DateTimeOffset seenAt)
    {
        _seen[messageId] = seenAt;
        _history.Enqueue((messageId, seenAt));
    }

    public IEnumerable<(string MessageId, DateTimeOffset SeenAt)> Entries(DateTimeOffset now)
    {
        Forget(now);
        return _seen.Select(pair => (pair.Key, pair.Value));
    }

    private void Forget(DateTimeOffset now)
    {
        var horizon = now - Window;
        while (_history.TryPeek(out var oldest) && oldest.SeenAt <= horizon)
        {
            _history.Dequeue();
            if (_seen.TryGetValue(oldest.MessageId, out var seenAt) && seenAt == oldest.SeenAt)
            {
                _seen.Remove(oldest.MessageId);
            }
        }
    }
}
