namespace Producer.Generation;

/// <summary>One generated event, ready to send: its type, id, shipping priority and JSON body.</summary>
/// <param name="Defect">What was deliberately broken in the body, or null for a good event.</param>
public sealed record GeneratedStoreEvent(string EventType, string Id, bool PriorityShipping, ReadOnlyMemory<byte> Body, string? Defect)
{
    public bool IsBad => Defect is not null;
}
