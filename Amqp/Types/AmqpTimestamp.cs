namespace Amqp.Types;

/// <summary>An AMQP timestamp: milliseconds since the Unix epoch, kept as its own type so it re-encodes as a timestamp.</summary>
public readonly record struct AmqpTimestamp(long MillisecondsSinceUnixEpoch)
{
    public static AmqpTimestamp FromDateTime(DateTime value) =>
        new(new DateTimeOffset(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime()).ToUnixTimeMilliseconds());

    public static AmqpTimestamp FromDateTimeOffset(DateTimeOffset value) => new(value.ToUnixTimeMilliseconds());

    public DateTime ToDateTime() => DateTime.UnixEpoch.AddMilliseconds(MillisecondsSinceUnixEpoch);

    public override string ToString() => ToDateTime().ToString("O");
}
