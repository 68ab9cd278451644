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

        var hash = (uint)ascii.Length * 31u;
        foreach (var b in ascii)
        {
            hash = (hash ^ b) * 16777619u;
        }

        var slot = (int)(hash % Buckets);
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
