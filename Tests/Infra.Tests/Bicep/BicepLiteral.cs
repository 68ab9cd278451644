namespace Infra.Tests.Bicep;

/// <summary>A number, <c>true</c>, <c>false</c> or <c>null</c>, kept as written.</summary>
public sealed record BicepLiteral(string Text, int Line) : BicepValue(Line);
