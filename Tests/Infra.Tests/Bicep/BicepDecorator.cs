namespace Infra.Tests.Bicep;

/// <param name="Arguments">The source text between the parentheses, or empty.</param>
public sealed record BicepDecorator(string Name, string Arguments);
