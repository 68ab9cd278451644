namespace Infra.Tests.Bicep;

public sealed record OutputDeclaration(string File, string Name, string Type, BicepValue Value, IReadOnlyList<BicepDecorator> Decorators, int Line);
