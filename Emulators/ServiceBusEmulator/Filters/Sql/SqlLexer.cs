using System.Text;

namespace ServiceBusEmulator.Filters.Sql;

/// <summary>Splits filter text into tokens: words, [delimited] / "quoted" identifiers, numbers, 'strings', symbols.</summary>
internal static class SqlLexer
{
    public static List<SqlToken> Tokenize(string text)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Word, text[start..i], start));
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var isDecimal = false;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                if (i < text.Length && text[i] == '.')
                {
                    isDecimal = true;
                    i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }
                }

                if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
                {
                    isDecimal = true;
                    i++;
                    if (i < text.Length && (text[i] == '+' || text[i] == '-'))
                    {
                        i++;
                    }

                    if (i >= text.Length || !char.IsAsciiDigit(text[i]))
                    {
                        throw new SqlSyntaxException($"malformed number at position {start}");
                    }

                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }
                }

                tokens.Add(new SqlToken(isDecimal ? SqlTokenKind.Decimal : SqlTokenKind.Integer, text[start..i], start));
            }
            else if (c == '\'')
            {
                tokens.Add(new SqlToken(SqlTokenKind.String, ReadQuoted(text, ref i, '\'', '\'', "string"), start));
            }
            else if (c == '[')
            {
                tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, ReadQuoted(text, ref i, '[', ']', "delimited identifier"), start));
            }
            else if (c == '"')
            {
                tokens.Add(new SqlToken(SqlTokenKind.QuotedIdentifier, ReadQuoted(text, ref i, '"', '"', "quoted identifier"), start));
            }
            else
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : string.Empty;
                if (two is "<>" or "!=" or ">=" or "<=")
                {
                    tokens.Add(new SqlToken(SqlTokenKind.Symbol, two == "!=" ? "<>" : two, start));
                    i += 2;
                }
                else if ("=<>()+-*/%,.;".Contains(c))
                {
                    tokens.Add(new SqlToken(SqlTokenKind.Symbol, c.ToString(), start));
                    i++;
                }
                else
                {
                    throw new SqlSyntaxException($"unexpected character '{c}' at position {start}");
                }
            }
        }

        tokens.Add(new SqlToken(SqlTokenKind.End, string.Empty, text.Length));
        return tokens;
    }

    // The closing character is escaped by doubling it ('it''s', [a]]b]).
    private static string ReadQuoted(string text, ref int i, char open, char close, string what)
    {
        var start = i;
        var builder = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= text.Length)
            {
                throw new SqlSyntaxException($"unterminated {what} starting at position {start}");
            }

            if (text[i] == close)
            {
                if (i + 1 < text.Length && text[i + 1] == close)
                {
                    builder.Append(close);
                    i += 2;
                    continue;
                }

                i++;
                return builder.ToString();
            }

            builder.Append(text[i]);
            i++;
        }
    }
}
