namespace Infra.Tests.Bicep;

/// <param name="Literal">The value of a plain string; null when the string interpolates an expression.</param>
/// <param name="Text">The source text, quotes included.</param>
public sealed record BicepString(string? Literal, string Text, int Line) : BicepValue(Line);
