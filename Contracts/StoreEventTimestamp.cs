using System.Globalization;

namespace Contracts;

/// <summary>Reads and writes the <c>ts</c> field in the reference system's format.</summary>
public static class StoreEventTimestamp
{
    /// <summary>The reference writes Python's <c>datetime.isoformat()</c>: no offset, microseconds.</summary>
    public const string Format = "yyyy-MM-ddTHH:mm:ss.ffffff";

    // Accepted on input: any fraction length (or none) and an optional offset, so that other producers' ISO 8601
    // timestamps are not rejected for a formatting detail.
    private static readonly string[] AcceptedFormats =
    [
        "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
        "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
    ];

    public static string Write(DateTime timestamp) => timestamp.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Parses <paramref name="text"/>; a value without offset is taken as UTC.</summary>
    public static bool TryParse(string? text, out DateTimeOffset timestamp) =>
        DateTimeOffset.TryParseExact(
            text,
            AcceptedFormats,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out timestamp);
}
