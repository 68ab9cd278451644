using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Persistence;

/// <summary>The broker state a journal replay produced: what was acknowledged before the last stop or crash.</summary>
internal sealed class RecoveredState
{
    public Dictionary<string, Dictionary<long, BrokerMessage>> Messages { get; } = new(StringComparer.Ordinal);

    public Dictionary<(string StoreKey, string SessionId), byte[]?> SessionStates { get; } = [];

    public Dictionary<string, long> Sequences { get; } = new(StringComparer.Ordinal);

    public List<(string StoreKey, string MessageId, DateTimeOffset SeenAt)> Duplicates { get; } = [];

    public int RecordCount { get; set; }

    /// <summary>Bytes after the last valid record (a torn final write), ignored.</summary>
    public long DiscardedBytes { get; set; }
}
