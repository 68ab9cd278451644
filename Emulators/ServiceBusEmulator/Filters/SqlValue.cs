using System.Globalization;

namespace ServiceBusEmulator.Filters;

/// <summary>
/// Value semantics of the SQL filter language: numbers of any CLR type compare numerically, strings
/// ordinally, and null stands for SQL's "unknown".
/// </summary>
internal static class SqlValue
{
    /// <summary>Returns null when the two values are not comparable (unknown in SQL's three-valued logic).</summary>
    public static int? Compare(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return null;
        }

        if (IsInteger(left) && IsInteger(right) && left is not ulong && right is not ulong)
        {
            return Convert.ToInt64(left, CultureInfo.InvariantCulture).CompareTo(Convert.ToInt64(right, CultureInfo.InvariantCulture));
        }

        if (IsNumber(left) && IsNumber(right))
        {
            if (left is decimal || right is decimal)
            {
                return Convert.ToDecimal(left, CultureInfo.InvariantCulture).CompareTo(Convert.ToDecimal(right, CultureInfo.InvariantCulture));
            }

            return Convert.ToDouble(left, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(right, CultureInfo.InvariantCulture));
        }

        return (left, right) switch
        {
            (string a, string b) => string.CompareOrdinal(a, b),
            (bool a, bool b) => a.CompareTo(b),
            (DateTime a, DateTime b) => a.ToUniversalTime().CompareTo(b.ToUniversalTime()),
            (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
            (DateTime a, DateTimeOffset b) => new DateTimeOffset(a.ToUniversalTime()).CompareTo(b),
            (DateTimeOffset a, DateTime b) => a.CompareTo(new DateTimeOffset(b.ToUniversalTime())),
            (Guid a, Guid b) => a.CompareTo(b),
            (Guid a, string b) => Guid.TryParse(b, out var g) ? a.CompareTo(g) : null,
            (string a, Guid b) => Guid.TryParse(a, out var g) ? g.CompareTo(b) : null,
            (TimeSpan a, TimeSpan b) => a.CompareTo(b),
            (char a, string b) => string.CompareOrdinal(a.ToString(), b),
            (string a, char b) => string.CompareOrdinal(a, b.ToString()),
            (Uri a, string b) => string.CompareOrdinal(a.ToString(), b),
            (string a, Uri b) => string.CompareOrdinal(a, b.ToString()),
            _ => null,
        };
    }

    public static bool IsNumber(object value) => IsInteger(value) || value is float or double or decimal;

    public static bool IsInteger(object value) =>
        value is sbyte or byte or short or ushort or int or uint or long or ulong;
}
