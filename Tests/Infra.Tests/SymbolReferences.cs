using Infra.Tests.Bicep;

namespace Infra.Tests;

/// <summary>
/// The name checks a Bicep compiler and its linter make, done on the reader's output: every name an
/// expression uses is declared in the file (or is a loop variable, a lambda parameter or a function the
/// check knows), and every param and var is used.
/// </summary>
public static class SymbolReferences
{
    /// <summary>Built-in functions infra/ may call. A call to anything else is reported, so a typo cannot pass.</summary>
    private static readonly HashSet<string> KnownFunctions =
    [
        "any", "concat", "contains", "empty", "endsWith", "environment", "first", "format", "guid", "int", "json", "last",
        "length", "replace", "resourceGroup", "resourceId", "skip", "split", "startsWith", "string", "subscription",
        "subscriptionResourceId", "substring", "take", "tenant", "toLower", "toUpper", "union", "uniqueString",
    ];

    private static readonly HashSet<string> Keywords = ["true", "false", "null", "for", "in", "if", "existing"];

    /// <summary>Names used but not declared (what the compiler reports as BCP057 / BCP082).</summary>
    public static IReadOnlyList<string> Undeclared(BicepFile file)
    {
        var (references, locals) = Collect(file);
        var declared = file.Parameters.Select(p => p.Name)
            .Concat(file.Variables.Select(v => v.Name))
            .Concat(file.Resources.Select(r => r.Symbol))
            .Concat(file.Modules.Select(m => m.Symbol))
            .Concat(locals)
            .ToHashSet();

        return references
            .Where(r => r.IsCall ? !KnownFunctions.Contains(r.Name) && !declared.Contains(r.Name) : !declared.Contains(r.Name))
            .Select(r => $"{file.Path}:{r.Line}: {(r.IsCall ? "unknown function" : "undeclared name")} '{r.Name}'")
            .Distinct()
            .ToList();
    }

    /// <summary>Params and vars nothing uses (the linter's no-unused-params / no-unused-vars).</summary>
    public static IReadOnlyList<string> Unused(BicepFile file)
    {
        var used = Collect(file).References.Select(r => r.Name).ToHashSet();
        return file.Parameters.Where(p => !used.Contains(p.Name)).Select(p => $"{file.Path}:{p.Line}: param {p.Name} is never used")
            .Concat(file.Variables.Where(v => !used.Contains(v.Name)).Select(v => $"{file.Path}:{v.Line}: var {v.Name} is never used"))
            .ToList();
    }

    private static (List<(string Name, bool IsCall, int Line)> References, HashSet<string> Locals) Collect(BicepFile file)
    {
        var references = new List<(string, bool, int)>();
        var locals = new HashSet<string>();
        var values = file.Parameters.Where(p => p.DefaultValue is not null).Select(p => p.DefaultValue!)
            .Concat(file.Variables.Select(v => v.Value))
            .Concat(file.Resources.Select(r => r.Body))
            .Concat(file.Modules.Select(m => m.Body))
            .Concat(file.Outputs.Select(o => o.Value));
        foreach (var value in values)
        {
            Visit(file.Path, value, references, locals);
        }

        return (references, locals);
    }

    private static void Visit(string path, BicepValue value, List<(string, bool, int)> references, HashSet<string> locals)
    {
        switch (value)
        {
            case BicepExpression expression:
                ScanExpression(path, expression.Text, expression.Line, references, locals);
                break;
            case BicepString text:
                ScanInterpolations(path, text.Text, text.Line, references, locals);
                break;
            case BicepObject obj:
                foreach (var property in obj.Properties)
                {
                    if (property.Name.Contains("${", StringComparison.Ordinal))
                    {
                        ScanInterpolations(path, property.Name, obj.Line, references, locals);
                    }

                    Visit(path, property.Value, references, locals);
                }

                break;
            case BicepArray array:
                foreach (var item in array.Items)
                {
                    Visit(path, item, references, locals);
                }

                break;
            case BicepConditional conditional:
                ScanExpression(path, conditional.Condition, conditional.Line, references, locals);
                Visit(path, conditional.Body, references, locals);
                break;
            case BicepLoop loop:
                var parts = loop.Header.Split(" in ", 2, StringSplitOptions.TrimEntries);
                foreach (var local in parts[0].Trim('(', ')', ' ').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    locals.Add(local);
                }

                ScanExpression(path, parts[1], loop.Line, references, locals);
                Visit(path, loop.Body, references, locals);
                break;
        }
    }

    private static void ScanExpression(string path, string text, int line, List<(string, bool, int)> references, HashSet<string> locals)
    {
        var tokens = BicepLexer.Tokenize(path, text).Where(t => t.Kind != BicepTokenKind.NewLine).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind == BicepTokenKind.String && token.IsInterpolated)
            {
                ScanInterpolations(path, token.Text, line, references, locals);
                continue;
            }

            if (token.Kind != BicepTokenKind.Identifier || Keywords.Contains(token.Text))
            {
                continue;
            }

            var previous = i > 0 ? tokens[i - 1] : null;
            var next = i + 1 < tokens.Count ? tokens[i + 1] : null;
            if (previous is not null && (previous.Is(".") || previous.Is(".?")))
            {
                continue; // a property or output name
            }

            // A key of an object literal inside an expression (the reader joins its lines, so a key may follow
            // any token); after '?' the name is the first branch of a ternary instead.
            if (next is not null && next.Is(":") && (previous is null || !previous.Is("?")))
            {
                continue;
            }

            if (next is not null && next.Is("=>"))
            {
                locals.Add(token.Text); // a lambda parameter
                continue;
            }

            references.Add((token.Text, next is not null && next.Is("("), line));
        }
    }

    // The ${...} parts of a string literal's source text, each scanned as an expression.
    private static void ScanInterpolations(string path, string text, int line, List<(string, bool, int)> references, HashSet<string> locals)
    {
        var start = text.IndexOf("${", StringComparison.Ordinal);
        while (start >= 0)
        {
            var depth = 1;
            var i = start + 2;
            var inString = false;
            for (; i < text.Length && depth > 0; i++)
            {
                var c = text[i];
                if (c == '\'' && text[i - 1] != '\\')
                {
                    inString = !inString;
                }
                else if (!inString && c == '{')
                {
                    depth++;
                }
                else if (!inString && c == '}')
                {
                    depth--;
                }
            }

            ScanExpression(path, text[(start + 2)..(i - 1)], line, references, locals);
            start = text.IndexOf("${", i, StringComparison.Ordinal);
        }
    }
}
