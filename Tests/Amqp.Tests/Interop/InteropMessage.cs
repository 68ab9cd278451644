using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Amqp.Tests.Interop;

/// <summary>
/// A message described without any library's types, so one description can be sent by any of the stacks under test
/// and what arrives can be compared with what was sent. Values are the CLR shapes every .NET AMQP library maps the
/// same way: string, int, long, bool, double, Guid (uuid), DateTime (timestamp, UTC, milliseconds) and byte[] (binary).
/// Compare two with <see cref="Describe"/>: the collections make record equality a reference comparison.
/// </summary>
public sealed record InteropMessage
{
    public bool? Durable { get; init; }

    public byte? Priority { get; init; }

    public uint? Ttl { get; init; }

    public string? MessageId { get; init; }

    public string? To { get; init; }

    public string? Subject { get; init; }

    public string? ReplyTo { get; init; }

    public string? CorrelationId { get; init; }

    public string? ContentType { get; init; }

    public DateTime? CreationTime { get; init; }

    public DateTime? AbsoluteExpiryTime { get; init; }

    public string? GroupId { get; init; }

    public uint? GroupSequence { get; init; }

    public string? ReplyToGroupId { get; init; }

    /// <summary>Application properties, by name.</summary>
    public IReadOnlyDictionary<string, object?> ApplicationProperties { get; init; } = new Dictionary<string, object?>();

    /// <summary>Message annotations, by symbol name.</summary>
    public IReadOnlyDictionary<string, object?> MessageAnnotations { get; init; } = new Dictionary<string, object?>();

    public InteropBodyKind BodyKind { get; init; }

    /// <summary>The bytes of a <see cref="InteropBodyKind.Data"/> body (one data section).</summary>
    public byte[] Data { get; init; } = [];

    /// <summary>The value of a <see cref="InteropBodyKind.Value"/> body.</summary>
    public object? Value { get; init; }

    /// <summary>The items of a <see cref="InteropBodyKind.Sequence"/> body (one amqp-sequence section).</summary>
    public IReadOnlyList<object?> Sequence { get; init; } = [];

    /// <summary>
    /// One message per body shape with every header and properties field set and application properties of every
    /// value type, plus a data message larger than any frame size the tests use, so it travels as a multi-frame transfer.
    /// </summary>
    public static IReadOnlyList<InteropMessage> Samples(string prefix)
    {
        var large = new byte[300_000];
        new Random(12).NextBytes(large);
        return
        [
            Sample($"{prefix}-data", InteropBodyKind.Data) with { Data = Encoding.UTF8.GetBytes("{\"store_id\":5,\"sku\":169008}") },
            Sample($"{prefix}-value", InteropBodyKind.Value) with { Value = "a single amqp-value" },
            Sample($"{prefix}-sequence", InteropBodyKind.Sequence) with { Sequence = ["one", 2L, true] },
            Sample($"{prefix}-large", InteropBodyKind.Data) with { Data = large },
        ];
    }

    /// <summary>A small data message numbered <paramref name="number"/>, for volume, credit and outcome scenarios.</summary>
    public static InteropMessage Numbered(int number, int size = 1024) => new()
    {
        MessageId = $"m{number}",
        ApplicationProperties = new Dictionary<string, object?> { ["n"] = (long)number },
        BodyKind = InteropBodyKind.Data,
        Data = Encoding.UTF8.GetBytes(new string('x', size)),
    };

    private static InteropMessage Sample(string id, InteropBodyKind kind) => new()
    {
        Durable = true,
        Priority = 7,
        Ttl = 86_400_000,
        MessageId = id,
        To = "store-events",
        Subject = "sale_event",
        ReplyTo = "replies",
        CorrelationId = "correlation-" + id,
        ContentType = "application/json",
        CreationTime = new DateTime(2023, 5, 19, 14, 36, 9, 985, DateTimeKind.Utc),
        AbsoluteExpiryTime = new DateTime(2023, 5, 20, 14, 36, 9, 985, DateTimeKind.Utc),
        GroupId = "store-5",
        GroupSequence = 3,
        ReplyToGroupId = "store-5-replies",
        ApplicationProperties = new Dictionary<string, object?>
        {
            ["event_type"] = "sale_event",
            ["priority_shipping"] = true,
            ["qty"] = 34,
            ["sku"] = 169008L,
            ["price"] = 45.85,
            ["request_id"] = new Guid("743da362-69df-4e63-a95f-a1d93e29825e"),
            ["ts"] = new DateTime(2023, 5, 19, 14, 36, 9, 985, DateTimeKind.Utc),
            ["checksum"] = new byte[] { 1, 2, 3, 255 },
        },
        MessageAnnotations = new Dictionary<string, object?> { ["x-opt-partition-key"] = "5", ["x-opt-attempt"] = 1L },
        BodyKind = kind,
    };

    /// <summary>
    /// A canonical text of every field, value types included, so two messages compare equal exactly when every field
    /// crossed the wire unchanged, and a mismatch shows which field differs.
    /// </summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append($"header durable={Show(Durable)} priority={Show(Priority)} ttl={Show(Ttl)}\n");
        text.Append($"properties id={MessageId} to={To} subject={Subject} reply-to={ReplyTo} correlation={CorrelationId} ");
        text.Append($"content-type={ContentType} created={Show(CreationTime)} expires={Show(AbsoluteExpiryTime)} ");
        text.Append($"group={GroupId}/{Show(GroupSequence)} reply-to-group={ReplyToGroupId}\n");
        foreach (var (key, value) in ApplicationProperties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append($"application-property {key}={Show(value)}\n");
        }

        foreach (var (key, value) in MessageAnnotations.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append($"message-annotation {key}={Show(value)}\n");
        }

        text.Append(BodyKind switch
        {
            InteropBodyKind.Data => $"data {Data.Length} bytes sha256={Convert.ToHexString(SHA256.HashData(Data))}",
            InteropBodyKind.Value => $"value {Show(Value)}",
            _ => $"sequence [{string.Join(", ", Sequence.Select(Show))}]",
        });
        return text.ToString();
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"string:{s}",
        bool b => $"bool:{b}",
        int i => $"int:{i}",
        long l => $"long:{l}",
        uint u => $"uint:{u}",
        byte b => $"ubyte:{b}",
        double d => $"double:{d.ToString("R", CultureInfo.InvariantCulture)}",
        Guid g => $"uuid:{g}",
        DateTime t => $"timestamp:{t.ToUniversalTime():O}",
        byte[] bytes => $"binary:{Convert.ToHexString(bytes)}",
        _ => $"{value.GetType().Name}:{value}",
    };
}
