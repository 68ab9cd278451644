namespace Infra.Tests.Bicep;

/// <summary>The declarations of one .bicep file.</summary>
public sealed class BicepFile
{
    public required string Path { get; init; }

    public string? TargetScope { get; init; }

    public required IReadOnlyList<ParameterDeclaration> Parameters { get; init; }

    public required IReadOnlyList<VariableDeclaration> Variables { get; init; }

    public required IReadOnlyList<ResourceDeclaration> Resources { get; init; }

    public required IReadOnlyList<ModuleDeclaration> Modules { get; init; }

    public required IReadOnlyList<OutputDeclaration> Outputs { get; init; }

    public static BicepFile Parse(string path, string source) => new BicepParser(path, BicepLexer.Tokenize(path, source)).ParseFile();

    /// <summary>
    /// The literal string a value stands for: a plain string, or a variable of this file whose value is one.
    /// Null for anything computed at deployment time.
    /// </summary>
    public string? ResolveString(BicepValue? value) => value switch
    {
        BicepString { Literal: { } literal } => literal,
        BicepExpression expression when Variables.FirstOrDefault(v => v.Name == expression.Text) is { } variable
            => ResolveString(variable.Value),
        _ => null,
    };

    public ResourceDeclaration? FindResource(string symbol) => Resources.FirstOrDefault(r => r.Symbol == symbol);
}
