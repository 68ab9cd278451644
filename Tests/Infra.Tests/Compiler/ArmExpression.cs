using System.Globalization;
using System.Text;

namespace Infra.Tests.Compiler;

/// <summary>
/// One ARM template language expression, the text between the brackets of a compiled value such as
/// <c>[format('{0}/{1}', parameters('name'), variables('queueName'))]</c>: string and integer literals, function calls,
/// and property or index access after any of them. Parsed so the checks can follow parameters and variables instead of
/// matching text.
/// </summary>
public abstract record ArmExpression
{
    /// <summary>
    /// The expression in a compiled JSON string value, or null when the value is a plain string (ARM escapes a literal
    /// that starts with a bracket as <c>[[</c>).
    /// </summary>
    public static ArmExpression? FromValue(string value)
    {
        if (value.Length < 2 || value[0] != '[' || value[^1] != ']' || value.StartsWith("[[", StringComparison.Ordinal))
        {
            return null;
        }

        var parser = new Parser(value[1..^1]);
        var expression = parser.ParseExpression();
        parser.ExpectEnd();
        return expression;
    }

    private sealed class Parser(string text)
    {
        private int _position;

        public ArmExpression ParseExpression()
        {
            SkipSpaces();
            ArmExpression expression;
            var c = Peek();
            if (c == '\'')
            {
                expression = new ArmString(ReadString());
            }
            else if (char.IsAsciiDigit(c) || c == '-')
            {
                var start = _position++;
                while (char.IsAsciiDigit(Peek()))
                {
                    _position++;
                }

                expression = new ArmInteger(long.Parse(text[start.._position], CultureInfo.InvariantCulture));
            }
            else if (char.IsAsciiLetter(c))
            {
                var name = ReadIdentifier();
                Expect('(');
                var arguments = new List<ArmExpression>();
                SkipSpaces();
                if (Peek() != ')')
                {
                    arguments.Add(ParseExpression());
                    SkipSpaces();
                    while (Peek() == ',')
                    {
                        _position++;
                        arguments.Add(ParseExpression());
                        SkipSpaces();
                    }
                }

                Expect(')');
                expression = new ArmCall(name, [.. arguments]);
            }
            else
            {
                throw Error("a string, a number or a function call");
            }

            while (true)
            {
                SkipSpaces();
                if (Peek() == '.')
                {
                    _position++;
                    expression = new ArmProperty(expression, ReadIdentifier());
                }
                else if (Peek() == '[')
                {
                    _position++;
                    var index = ParseExpression();
                    Expect(']');
                    expression = new ArmIndex(expression, index);
                }
                else
                {
                    return expression;
                }
            }
        }

        public void ExpectEnd()
        {
            SkipSpaces();
            if (_position != text.Length)
            {
                throw Error("the end of the expression");
            }
        }

        private string ReadString()
        {
            Expect('\'');
            var value = new StringBuilder();
            while (true)
            {
                if (_position >= text.Length)
                {
                    throw Error("the end of a string");
                }

                var c = text[_position++];
                if (c != '\'')
                {
                    value.Append(c);
                }
                else if (Peek() == '\'')
                {
                    value.Append('\'');
                    _position++;
                }
                else
                {
                    return value.ToString();
                }
            }
        }

        private string ReadIdentifier()
        {
            var start = _position;
            while (char.IsAsciiLetterOrDigit(Peek()) || Peek() is '_' or '$')
            {
                _position++;
            }

            return start == _position ? throw Error("a name") : text[start.._position];
        }

        private void Expect(char expected)
        {
            SkipSpaces();
            if (Peek() != expected)
            {
                throw Error($"'{expected}'");
            }

            _position++;
        }

        private char Peek() => _position < text.Length ? text[_position] : '\0';

        private void SkipSpaces()
        {
            while (Peek() == ' ')
            {
                _position++;
            }
        }

        private FormatException Error(string expected) =>
            new($"ARM expression: expected {expected} at {_position} in [{text}]");
    }
}

public sealed record ArmString(string Value) : ArmExpression
{
    public override string ToString() => $"'{Value.Replace("'", "''", StringComparison.Ordinal)}'";
}

public sealed record ArmInteger(long Value) : ArmExpression
{
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

public sealed record ArmCall(string Name, ArmExpression[] Arguments) : ArmExpression
{
    /// <summary>The single string argument of <c>parameters('x')</c> or <c>variables('x')</c>.</summary>
    public string? NameArgument => Arguments is [ArmString name] ? name.Value : null;

    public override string ToString() => $"{Name}({string.Join(", ", Arguments)})";
}

public sealed record ArmProperty(ArmExpression Target, string Name) : ArmExpression
{
    public override string ToString() => $"{Target}.{Name}";
}

public sealed record ArmIndex(ArmExpression Target, ArmExpression Index) : ArmExpression
{
    public override string ToString() => $"{Target}[{Index}]";
}
