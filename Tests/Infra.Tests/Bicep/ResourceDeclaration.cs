namespace Infra.Tests.Bicep;

/// <summary><c>resource symbol 'Type@apiVersion' [existing] = body</c>.</summary>
public sealed record ResourceDeclaration(
    string File,
    string Symbol,
    string Type,
    string ApiVersion,
    bool IsExisting,
    BicepValue Body,
    int Line)
{
    /// <summary>The resource's object body, whether declared plainly, under a condition or in a loop.</summary>
    public BicepObject Object => Body.AsObject()
        ?? throw new BicepSyntaxException(File, Line, $"resource {Symbol} has no object body");

    public BicepValue? At(string dottedPath) => Object.At(dottedPath);

    public override string ToString() => $"{File}: resource {Symbol} '{Type}'";
}
