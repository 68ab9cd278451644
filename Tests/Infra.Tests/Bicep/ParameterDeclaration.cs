namespace Infra.Tests.Bicep;

public sealed record ParameterDeclaration(string Name, string Type, BicepValue? DefaultValue, IReadOnlyList<BicepDecorator> Decorators, int Line);
