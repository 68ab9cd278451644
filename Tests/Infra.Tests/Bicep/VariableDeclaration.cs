namespace Infra.Tests.Bicep;

public sealed record VariableDeclaration(string Name, BicepValue Value, int Line);
