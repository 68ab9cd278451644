namespace ServiceBusEmulator.Broker;

/// <summary>
/// A settlement of a locked message, as data, so that a transaction can hold it until its commit: the kind, the
/// application properties to merge (abandon, defer, dead-letter) and the dead-letter reason and description.
/// </summary>
public sealed record Settlement(
    SettlementKind Kind,
    IReadOnlyDictionary<string, object?>? PropertiesToModify = null,
    string? Reason = null,
    string? Description = null)
{
    public static Settlement Complete { get; } = new(SettlementKind.Complete);
}
