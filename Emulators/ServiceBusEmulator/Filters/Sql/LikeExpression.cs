using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Filters.Sql;

/// <summary>SQL LIKE: <c>%</c> is any run of characters, <c>_</c> exactly one; the escape character makes the next one literal.</summary>
internal sealed class LikeExpression(SqlExpression value, string pattern, char? escape, bool negated) : SqlExpression
{
    private readonly PatternElement[] _pattern = Compile(pattern, escape);

    public override object? Evaluate(BrokerMessage message) =>
        value.Evaluate(message) is string text ? Matches(text) != negated : null;

    private bool Matches(string text)
    {
        // Iterative wildcard matching with backtracking to the last '%': linear in practice, no regex allocation.
        int t = 0, p = 0, starPattern = -1, starText = 0;
        while (t < text.Length)
        {
            if (p < _pattern.Length && _pattern[p].Kind == PatternKind.AnyRun)
            {
                starPattern = p++;
                starText = t;
            }
            else if (p < _pattern.Length
                && (_pattern[p].Kind == PatternKind.AnyOne || (_pattern[p].Kind == PatternKind.Literal && _pattern[p].Literal == text[t])))
            {
                p++;
                t++;
            }
            else if (starPattern >= 0)
            {
                p = starPattern + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }

        while (p < _pattern.Length && _pattern[p].Kind == PatternKind.AnyRun)
        {
            p++;
        }

        return p == _pattern.Length;
    }

    private static PatternElement[] Compile(string pattern, char? escape)
    {
        var elements = new List<PatternElement>();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (escape == c)
            {
                if (i + 1 >= pattern.Length)
                {
                    throw new SqlSyntaxException($"LIKE pattern '{pattern}' ends with its escape character");
                }

                elements.Add(new PatternElement(PatternKind.Literal, pattern[++i]));
            }
            else if (c == '%')
            {
                elements.Add(new PatternElement(PatternKind.AnyRun, c));
            }
            else if (c == '_')
            {
                elements.Add(new PatternElement(PatternKind.AnyOne, c));
            }
            else
            {
                elements.Add(new PatternElement(PatternKind.Literal, c));
            }
        }

        return [.. elements];
    }

    private enum PatternKind
    {
        Literal,
        AnyOne,
        AnyRun,
    }

    private readonly record struct PatternElement(PatternKind Kind, char Literal);
}
