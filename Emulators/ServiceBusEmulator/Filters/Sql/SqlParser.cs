using System.Globalization;

namespace ServiceBusEmulator.Filters.Sql;

/// <summary>
/// Recursive-descent parser for the Service Bus SQL filter subset. Precedence, lowest first:
/// OR, AND, NOT, predicates (comparison, IS [NOT] NULL, [NOT] IN, [NOT] LIKE, EXISTS), + -, * / %, unary + -.
/// </summary>
internal sealed class SqlParser
{
    private static readonly HashSet<string> ReservedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "AND", "OR", "NOT", "IN", "LIKE", "ESCAPE", "IS", "NULL", "EXISTS", "TRUE", "FALSE", "SET", "REMOVE",
    };

    private readonly List<SqlToken> _tokens;
    private int _position;

    public SqlParser(string text)
    {
        _tokens = SqlLexer.Tokenize(text);
    }

    private SqlToken Current => _tokens[_position];

    public SqlExpression ParseFilter()
    {
        if (Current.Kind == SqlTokenKind.End)
        {
            throw new SqlSyntaxException("the filter expression is empty");
        }

        var expression = ParseOr();
        ExpectEnd();
        return expression;
    }

    public bool AtEnd => Current.Kind == SqlTokenKind.End;

    public bool TryWord(string word)
    {
        if (Current.IsWord(word))
        {
            _position++;
            return true;
        }

        return false;
    }

    public bool TrySymbol(string symbol)
    {
        if (Current.IsSymbol(symbol))
        {
            _position++;
            return true;
        }

        return false;
    }

    public void ExpectSymbol(string symbol)
    {
        if (!TrySymbol(symbol))
        {
            throw Unexpected($"'{symbol}'");
        }
    }

    public void ExpectEnd()
    {
        if (Current.Kind != SqlTokenKind.End)
        {
            throw Unexpected("the end of the expression");
        }
    }

    public SqlExpression ParseOr()
    {
        var left = ParseAnd();
        while (TryWord("OR"))
        {
            left = new BinaryExpression("OR", left, ParseAnd());
        }

        return left;
    }

    private SqlExpression ParseAnd()
    {
        var left = ParseNot();
        while (TryWord("AND"))
        {
            left = new BinaryExpression("AND", left, ParseNot());
        }

        return left;
    }

    private SqlExpression ParseNot() =>
        TryWord("NOT") ? new UnaryExpression("NOT", ParseNot()) : ParsePredicate();

    private SqlExpression ParsePredicate()
    {
        if (TryWord("EXISTS"))
        {
            ExpectSymbol("(");
            var property = ParseProperty();
            ExpectSymbol(")");
            return new ExistsExpression(property);
        }

        var left = ParseAdditive();
        if (Current.Kind == SqlTokenKind.Symbol && Current.Text is "=" or "<>" or "<" or ">" or "<=" or ">=")
        {
            var op = Current.Text;
            _position++;
            return new BinaryExpression(op, left, ParseAdditive());
        }

        if (TryWord("IS"))
        {
            var negated = TryWord("NOT");
            if (!TryWord("NULL"))
            {
                throw Unexpected("NULL");
            }

            return left is PropertyExpression property
                ? new IsNullExpression(property, negated)
                : throw new SqlSyntaxException("IS [NOT] NULL applies to a property");
        }

        var not = TryWord("NOT");
        if (TryWord("IN"))
        {
            ExpectSymbol("(");
            var candidates = new List<SqlExpression> { ParseAdditive() };
            while (TrySymbol(","))
            {
                candidates.Add(ParseAdditive());
            }

            ExpectSymbol(")");
            return new InExpression(left, candidates, not);
        }

        if (TryWord("LIKE"))
        {
            var pattern = ExpectString("a LIKE pattern string");
            char? escape = null;
            if (TryWord("ESCAPE"))
            {
                var escapeText = ExpectString("an ESCAPE character string");
                if (escapeText.Length != 1)
                {
                    throw new SqlSyntaxException($"the ESCAPE value '{escapeText}' must be exactly one character");
                }

                escape = escapeText[0];
            }

            return new LikeExpression(left, pattern, escape, not);
        }

        if (not)
        {
            throw Unexpected("IN or LIKE after NOT");
        }

        return left;
    }

    public SqlExpression ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.IsSymbol("+") || Current.IsSymbol("-"))
        {
            var op = Current.Text;
            _position++;
            left = new BinaryExpression(op, left, ParseMultiplicative());
        }

        return left;
    }

    private SqlExpression ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.IsSymbol("*") || Current.IsSymbol("/") || Current.IsSymbol("%"))
        {
            var op = Current.Text;
            _position++;
            left = new BinaryExpression(op, left, ParseUnary());
        }

        return left;
    }

    private SqlExpression ParseUnary()
    {
        if (TrySymbol("-"))
        {
            var operand = ParseUnary();
            return operand is ConstantExpression constant
                ? new ConstantExpression(Arithmetic.Negate(constant.Value))
                : new UnaryExpression("-", operand);
        }

        if (TrySymbol("+"))
        {
            return new UnaryExpression("+", ParseUnary());
        }

        return ParsePrimary();
    }

    private SqlExpression ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case SqlTokenKind.Integer:
                _position++;
                return long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var integer)
                    ? new ConstantExpression(integer)
                    : new ConstantExpression(double.Parse(token.Text, CultureInfo.InvariantCulture));
            case SqlTokenKind.Decimal:
                _position++;
                return new ConstantExpression(double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture));
            case SqlTokenKind.String:
                _position++;
                return new ConstantExpression(token.Text);
            case SqlTokenKind.Symbol when token.Text == "(":
            {
                _position++;
                var inner = ParseOr();
                ExpectSymbol(")");
                return inner;
            }

            case SqlTokenKind.Word when token.IsWord("TRUE"):
                _position++;
                return new ConstantExpression(true);
            case SqlTokenKind.Word when token.IsWord("FALSE"):
                _position++;
                return new ConstantExpression(false);
            case SqlTokenKind.Word when token.IsWord("NULL"):
                _position++;
                return new ConstantExpression(null);
            case SqlTokenKind.Word when token.IsWord("newid") && _tokens[_position + 1].IsSymbol("("):
                _position++;
                ExpectSymbol("(");
                ExpectSymbol(")");
                return new NewIdExpression();
            case SqlTokenKind.Word when !ReservedWords.Contains(token.Text):
            case SqlTokenKind.QuotedIdentifier:
                return ParseProperty();
            default:
                throw Unexpected("a value or a property");
        }
    }

    public PropertyExpression ParseProperty()
    {
        var first = ExpectIdentifier();
        if (first.Kind == SqlTokenKind.Word && TrySymbol("."))
        {
            var name = ExpectIdentifier();
            if (first.Text.Equals("sys", StringComparison.OrdinalIgnoreCase))
            {
                return SystemProperties.IsKnown(name.Text)
                    ? new PropertyExpression(isSystem: true, name.Text)
                    : throw new SqlSyntaxException($"sys.{name.Text} is not a system property");
            }

            if (first.Text.Equals("user", StringComparison.OrdinalIgnoreCase))
            {
                return new PropertyExpression(isSystem: false, name.Text);
            }

            throw new SqlSyntaxException($"'{first.Text}' is not a property scope (expected sys or user) at position {first.Position}");
        }

        return new PropertyExpression(isSystem: false, first.Text);
    }

    private SqlToken ExpectIdentifier()
    {
        var token = Current;
        if (token.Kind == SqlTokenKind.QuotedIdentifier || (token.Kind == SqlTokenKind.Word && !ReservedWords.Contains(token.Text)))
        {
            _position++;
            return token;
        }

        throw Unexpected("a property name");
    }

    private string ExpectString(string what)
    {
        if (Current.Kind != SqlTokenKind.String)
        {
            throw Unexpected(what);
        }

        return _tokens[_position++].Text;
    }

    private SqlSyntaxException Unexpected(string expected) =>
        new(Current.Kind == SqlTokenKind.End
            ? $"expected {expected} but the expression ended"
            : $"expected {expected} at position {Current.Position} but found '{Current.Text}'");
}
