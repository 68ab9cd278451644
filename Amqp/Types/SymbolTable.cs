using System.Text;

namespace Amqp.Types;

/// <summary>
/// Reuses the strings of recently decoded symbols: the same few symbols (annotation keys, outcomes, error conditions)
/// arrive on every message, so caching them removes a string allocation per symbol on the receive path.
/// </summary>
internal static class SymbolTable
{
    private const int Buckets = 512;
    private static readonly string?[] Cache = new string?[Buckets];
    private static readonly string?[] TextCache = new string?[Buckets];

    /// <summary>
    /// Short ASCII strings (property names and enum-like values such as "event_type" or "sale_event") repeat on every
    /// message too; longer or non-ASCII text is decoded normally.
    /// </summary>
    public static string? TryGetShortText(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length is 0 or > 32 || !Ascii.IsValid(utf8))
        {
            return utf8.Length == 0 ? string.Empty : null;
        }

        var slot = Slot(utf8);
        var cached = Volatile.Read(ref TextCache[slot]);
        if (cached is not null && cached.Length == utf8.Length && Matches(cached, utf8))
        {
            return cached;
        }

        var created = Encoding.ASCII.GetString(utf8);
        Volatile.Write(ref TextCache[slot], created);
        return created;
    }

    private static int Slot(ReadOnlySpan<byte> bytes)
    {
        var hash = (uint)bytes.Length * 31u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % Buckets);
    }

    public static string GetString(ReadOnlySpan<byte> ascii)
    {
        if (ascii.Length == 0)
        {
            return string.Empty;
        }

        if (ascii.Length > 64)
        {
            return Decode(ascii);
        }

        var slot = Slot(ascii);
        var cached = Volatile.Read(ref Cache[slot]);
        if (cached is not null && cached.Length == ascii.Length && Matches(cached, ascii))
        {
            return cached;
        }

        var created = Decode(ascii);
        Volatile.Write(ref Cache[slot], created);
        return created;
    }

    private static bool Matches(string text, ReadOnlySpan<byte> ascii)
    {
        for (var i = 0; i < ascii.Length; i++)
        {
            if (text[i] != ascii[i])
            {
                return false;
            }
        }

        return true;
    }

    private static string Decode(ReadOnlySpan<byte> ascii)
    {
        if (!Ascii.IsValid(ascii))
        {
            throw AmqpReader.DecodeError("A symbol is not ASCII.");
        }

        return Encoding.ASCII.GetString(ascii);
    }
}
