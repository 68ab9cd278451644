namespace Infra.Tests.Bicep;

/// <summary>Anything that is not a literal: a reference, a function call, an operator. Kept as source text.</summary>
public sealed record BicepExpression(string Text, int Line) : BicepValue(Line);
