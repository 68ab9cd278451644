using System.Text;

namespace Infra.Tests.Bicep;

/// <summary>
/// Splits Bicep source into tokens. Newlines are tokens because Bicep separates statements, object
/// properties and array items with them. Comments are dropped.
/// </summary>
public static class BicepLexer
{
    private static readonly string[] TwoCharacterSymbols = ["==", "!=", "<=", ">=", "&&", "||", "??", ".?", "=>", "::", "=~", "!~"];

    public static IReadOnlyList<BicepToken> Tokenize(string file, string source)
    {
        var tokens = new List<BicepToken>();
        var line = 1;
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '\n')
            {
                tokens.Add(new BicepToken(BicepTokenKind.NewLine, "\n", line));
                line++;
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '/' && Peek(source, i + 1) == '/')
            {
                while (i < source.Length && source[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && Peek(source, i + 1) == '*')
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new BicepSyntaxException(file, line, "unterminated block comment");
                }

                line += CountNewLines(source, i, end);
                i = end + 2;
            }
            else if (c == '\'' && source.AsSpan(i).StartsWith("'''"))
            {
                var end = source.IndexOf("'''", i + 3, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new BicepSyntaxException(file, line, "unterminated multi-line string");
                }

                var text = source[i..(end + 3)];
                tokens.Add(new BicepToken(BicepTokenKind.String, text, line, source[(i + 3)..end]));
                line += CountNewLines(source, i, end);
                i = end + 3;
            }
            else if (c == '\'')
            {
                var start = i;
                var (value, interpolated, next) = ReadString(file, source, i, line);
                tokens.Add(new BicepToken(BicepTokenKind.String, source[start..next], line, interpolated ? null : value, interpolated));
                i = next;
            }
            else if (char.IsDigit(c))
            {
                var start = i;
                while (i < source.Length && (char.IsDigit(source[i]) || source[i] == '.'))
                {
                    i++;
                }

                tokens.Add(new BicepToken(BicepTokenKind.Number, source[start..i], line));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < source.Length && (char.IsLetterOrDigit(source[i]) || source[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new BicepToken(BicepTokenKind.Identifier, source[start..i], line));
            }
            else
            {
                var two = i + 1 < source.Length ? source.Substring(i, 2) : null;
                if (two is not null && TwoCharacterSymbols.Contains(two))
                {
                    tokens.Add(new BicepToken(BicepTokenKind.Symbol, two, line));
                    i += 2;
                }
                else if ("{}[]():,.=?!@<>+-*/%|&".Contains(c))
                {
                    tokens.Add(new BicepToken(BicepTokenKind.Symbol, c.ToString(), line));
                    i++;
                }
                else
                {
                    throw new BicepSyntaxException(file, line, $"unexpected character '{c}'");
                }
            }
        }

        tokens.Add(new BicepToken(BicepTokenKind.EndOfFile, "", line));
        return tokens;
    }

    private static (string Value, bool Interpolated, int Next) ReadString(string file, string source, int start, int line)
    {
        var value = new StringBuilder();
        var interpolated = false;
        var i = start + 1;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '\n')
            {
                break;
            }

            if (c == '\\' && i + 1 < source.Length)
            {
                value.Append(source[i + 1] switch
                {
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    var other => other,
                });
                i += 2;
            }
            else if (c == '$' && Peek(source, i + 1) == '{')
            {
                interpolated = true;
                i = SkipInterpolation(file, source, i + 2, line);
            }
            else if (c == '\'')
            {
                return (value.ToString(), interpolated, i + 1);
            }
            else
            {
                value.Append(c);
                i++;
            }
        }

        throw new BicepSyntaxException(file, line, "unterminated string");
    }

    // Returns the index after the '}' that closes an interpolation, stepping over nested strings and braces.
    private static int SkipInterpolation(string file, string source, int i, int line)
    {
        var depth = 1;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '\'')
            {
                i = ReadString(file, source, i, line).Next;
                continue;
            }

            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return i + 1;
            }

            i++;
        }

        throw new BicepSyntaxException(file, line, "unterminated interpolation");
    }

    private static char Peek(string source, int index) => index < source.Length ? source[index] : '\0';

    private static int CountNewLines(string source, int from, int to) => source.AsSpan(from, to - from).Count('\n');
}
