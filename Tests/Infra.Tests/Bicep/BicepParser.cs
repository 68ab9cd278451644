using System.Text;

namespace Infra.Tests.Bicep;

/// <summary>
/// Reads the subset of Bicep that infra/ uses: targetScope, decorators, param, var, resource (plain,
/// existing, conditional, loop), module and output. Expressions are kept as text; objects, arrays and
/// literals are structured so checks can look at property values. Anything else is a syntax error.
/// </summary>
public sealed class BicepParser(string file, IReadOnlyList<BicepToken> tokens)
{
    private int _position;

    private BicepToken Current => tokens[_position];

    public BicepFile ParseFile()
    {
        string? targetScope = null;
        var parameters = new List<ParameterDeclaration>();
        var variables = new List<VariableDeclaration>();
        var resources = new List<ResourceDeclaration>();
        var modules = new List<ModuleDeclaration>();
        var outputs = new List<OutputDeclaration>();
        var decorators = new List<BicepDecorator>();

        while (true)
        {
            SkipNewLines();
            var token = Current;
            if (token.Kind == BicepTokenKind.EndOfFile)
            {
                break;
            }

            if (token.Is("@"))
            {
                decorators.Add(ParseDecorator());
                continue;
            }

            if (token.Kind != BicepTokenKind.Identifier)
            {
                throw Error($"expected a declaration, found '{token.Text}'");
            }

            Advance();
            switch (token.Text)
            {
                case "targetScope":
                    Expect("=");
                    targetScope = (ParseValue() as BicepString)?.Literal ?? throw Error("targetScope must be a string");
                    break;
                case "param":
                {
                    var name = ExpectIdentifier();
                    var type = CollectTypeText();
                    BicepValue? defaultValue = null;
                    if (Current.Is("="))
                    {
                        Advance();
                        defaultValue = ParseValue();
                    }

                    parameters.Add(new ParameterDeclaration(name, type, defaultValue, decorators.ToList(), token.Line));
                    break;
                }

                case "var":
                {
                    var name = ExpectIdentifier();
                    Expect("=");
                    variables.Add(new VariableDeclaration(name, ParseValue(), token.Line));
                    break;
                }

                case "resource":
                {
                    var symbol = ExpectIdentifier();
                    var typeReference = ExpectPlainString();
                    var at = typeReference.LastIndexOf('@');
                    if (at < 0)
                    {
                        throw Error($"resource type '{typeReference}' has no @apiVersion");
                    }

                    var existing = false;
                    if (Current.Is("existing"))
                    {
                        existing = true;
                        Advance();
                    }

                    Expect("=");
                    resources.Add(new ResourceDeclaration(file, symbol, typeReference[..at], typeReference[(at + 1)..], existing, ParseDeclarationBody(), token.Line));
                    break;
                }

                case "module":
                {
                    var symbol = ExpectIdentifier();
                    var path = ExpectPlainString();
                    Expect("=");
                    modules.Add(new ModuleDeclaration(file, symbol, path, ParseDeclarationBody(), token.Line));
                    break;
                }

                case "output":
                {
                    var name = ExpectIdentifier();
                    var type = CollectTypeText();
                    Expect("=");
                    outputs.Add(new OutputDeclaration(file, name, type, ParseValue(), decorators.ToList(), token.Line));
                    break;
                }

                default:
                    throw Error($"unsupported statement '{token.Text}'");
            }

            decorators.Clear();
            ExpectEndOfStatement();
        }

        return new BicepFile
        {
            Path = file,
            TargetScope = targetScope,
            Parameters = parameters,
            Variables = variables,
            Resources = resources,
            Modules = modules,
            Outputs = outputs,
        };
    }

    private BicepDecorator ParseDecorator()
    {
        Expect("@");
        var name = ExpectIdentifier();
        var arguments = "";
        if (Current.Is("("))
        {
            arguments = CollectBalanced("(", ")");
        }

        return new BicepDecorator(name, arguments);
    }

    // The body of a resource or module: an object, `if (condition) object`, or a `[for ...]` loop.
    private BicepValue ParseDeclarationBody()
    {
        var line = Current.Line;
        if (Current.Is("if"))
        {
            Advance();
            var condition = CollectBalanced("(", ")");
            SkipNewLines();
            return new BicepConditional(condition, ParseValue(), line);
        }

        return ParseValue();
    }

    private BicepValue ParseValue()
    {
        var token = Current;
        BicepValue value;
        if (token.Is("{"))
        {
            value = ParseObject();
        }
        else if (token.Is("["))
        {
            value = ParseArrayOrLoop();
        }
        else
        {
            return ParseExpression();
        }

        // An object or array literal followed by an operator (`{...}.x`, `[...][0]`) is not in our subset.
        if (!IsValueTerminator(Current))
        {
            throw Error($"unexpected '{Current.Text}' after a literal");
        }

        return value;
    }

    private BicepObject ParseObject()
    {
        var line = Current.Line;
        Expect("{");
        var properties = new List<BicepProperty>();
        while (true)
        {
            SkipSeparators();
            if (Current.Is("}"))
            {
                Advance();
                return new BicepObject(properties, line);
            }

            string key;
            if (Current.Kind == BicepTokenKind.Identifier)
            {
                key = Current.Text;
            }
            else if (Current.Kind == BicepTokenKind.String)
            {
                key = Current.StringValue ?? Current.Text;
            }
            else
            {
                throw Error($"expected a property name, found '{Current.Text}'");
            }

            Advance();
            Expect(":");
            var value = ParseValue();
            if (properties.Any(p => p.Name == key))
            {
                throw Error($"property '{key}' is declared twice");
            }

            properties.Add(new BicepProperty(key, value));
        }
    }

    private BicepValue ParseArrayOrLoop()
    {
        var line = Current.Line;
        Expect("[");
        SkipNewLines();
        if (Current.Is("for"))
        {
            Advance();
            var header = new StringBuilder();
            var depth = 0;
            while (!(depth == 0 && Current.Is(":")))
            {
                if (Current.Kind == BicepTokenKind.EndOfFile)
                {
                    throw Error("unterminated for expression");
                }

                depth += Current.Is("(") || Current.Is("[") || Current.Is("{") ? 1 : 0;
                depth -= Current.Is(")") || Current.Is("]") || Current.Is("}") ? 1 : 0;
                header.Append(Current.Text).Append(' ');
                Advance();
            }

            Advance();
            SkipNewLines();
            var body = ParseDeclarationBody();
            SkipNewLines();
            Expect("]");
            return new BicepLoop(header.ToString().Trim(), body, line);
        }

        var items = new List<BicepValue>();
        while (true)
        {
            SkipSeparators();
            if (Current.Is("]"))
            {
                Advance();
                return new BicepArray(items, line);
            }

            items.Add(ParseValue());
        }
    }

    // Everything up to the end of the value at depth 0, kept as text; single literals become literals.
    private BicepValue ParseExpression()
    {
        var line = Current.Line;
        var parts = new List<BicepToken>();
        var open = new Stack<string>();
        while (true)
        {
            var token = Current;
            if (token.Kind == BicepTokenKind.EndOfFile)
            {
                if (open.Count > 0)
                {
                    throw Error("unbalanced brackets in an expression");
                }

                break;
            }

            if (open.Count == 0 && IsValueTerminator(token))
            {
                break;
            }

            if (token.Is("(") || token.Is("[") || token.Is("{"))
            {
                open.Push(token.Text);
            }
            else if (token.Is(")") || token.Is("]") || token.Is("}"))
            {
                var expected = open.Pop() switch { "(" => ")", "[" => "]", _ => "}" };
                if (token.Text != expected)
                {
                    throw Error($"unbalanced brackets in an expression: '{token.Text}' closes a group opened with the wrong bracket");
                }
            }

            parts.Add(token);
            Advance();
        }

        if (parts.Count == 0)
        {
            throw Error($"expected a value, found '{Current.Text}'");
        }

        if (parts.Count == 1)
        {
            var single = parts[0];
            if (single.Kind == BicepTokenKind.String)
            {
                return new BicepString(single.StringValue, single.Text, line);
            }

            if (single.Kind == BicepTokenKind.Number || single.Text is "true" or "false" or "null")
            {
                return new BicepLiteral(single.Text, line);
            }
        }

        return new BicepExpression(JoinTokens(parts), line);
    }

    private static bool IsValueTerminator(BicepToken token) =>
        token.Kind is BicepTokenKind.NewLine or BicepTokenKind.EndOfFile
        || token.Is(",") || token.Is("}") || token.Is("]") || token.Is(")");

    // Text of a balanced group such as (...) including nested groups and newlines, without the outer pair.
    private string CollectBalanced(string open, string close)
    {
        Expect(open);
        var text = new StringBuilder();
        var depth = 1;
        while (true)
        {
            if (Current.Kind == BicepTokenKind.EndOfFile)
            {
                throw Error($"missing '{close}'");
            }

            if (Current.Is(open))
            {
                depth++;
            }
            else if (Current.Is(close) && --depth == 0)
            {
                Advance();
                return text.ToString().Trim();
            }

            text.Append(Current.Kind == BicepTokenKind.NewLine ? " " : Current.Text).Append(' ');
            Advance();
        }
    }

    // A param or output type: everything up to '=' or the end of the line.
    private string CollectTypeText()
    {
        var parts = new List<BicepToken>();
        while (!Current.Is("=") && Current.Kind is not (BicepTokenKind.NewLine or BicepTokenKind.EndOfFile))
        {
            parts.Add(Current);
            Advance();
        }

        if (parts.Count == 0)
        {
            throw Error("missing type");
        }

        return JoinTokens(parts);
    }

    private static string JoinTokens(IEnumerable<BicepToken> parts)
    {
        var text = new StringBuilder();
        BicepToken? previous = null;
        foreach (var part in parts)
        {
            if (part.Kind == BicepTokenKind.NewLine)
            {
                continue;
            }

            // Words and literals next to each other need a space; punctuation does not.
            if (previous is not null && previous.Kind != BicepTokenKind.Symbol && part.Kind != BicepTokenKind.Symbol)
            {
                text.Append(' ');
            }
            else if (previous is not null && (IsSpacedOperator(previous) || IsSpacedOperator(part)))
            {
                text.Append(' ');
            }

            text.Append(part.Text);
            previous = part;
        }

        return text.ToString();
    }

    private static bool IsSpacedOperator(BicepToken token) =>
        token.Kind == BicepTokenKind.Symbol && token.Text is "?" or ":" or "==" or "!=" or "&&" or "||" or "??" or "+" or "-" or "<" or ">" or "<=" or ">=" or "=>" or ",";

    private void ExpectEndOfStatement()
    {
        if (Current.Kind is not (BicepTokenKind.NewLine or BicepTokenKind.EndOfFile))
        {
            throw Error($"expected the end of the statement, found '{Current.Text}'");
        }
    }

    private string ExpectIdentifier()
    {
        if (Current.Kind != BicepTokenKind.Identifier)
        {
            throw Error($"expected a name, found '{Current.Text}'");
        }

        var text = Current.Text;
        Advance();
        return text;
    }

    private string ExpectPlainString()
    {
        if (Current.Kind != BicepTokenKind.String || Current.StringValue is null)
        {
            throw Error($"expected a plain string, found '{Current.Text}'");
        }

        var value = Current.StringValue;
        Advance();
        return value;
    }

    private void Expect(string symbol)
    {
        if (!Current.Is(symbol))
        {
            throw Error($"expected '{symbol}', found '{(Current.Kind == BicepTokenKind.NewLine ? "end of line" : Current.Text)}'");
        }

        Advance();
    }

    private void SkipNewLines()
    {
        while (Current.Kind == BicepTokenKind.NewLine)
        {
            Advance();
        }
    }

    private void SkipSeparators()
    {
        while (Current.Kind == BicepTokenKind.NewLine || Current.Is(","))
        {
            Advance();
        }
    }

    private void Advance()
    {
        if (_position < tokens.Count - 1)
        {
            _position++;
        }
    }

    private BicepSyntaxException Error(string message) => new(file, Current.Line, message);
}
