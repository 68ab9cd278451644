namespace Infra.Tests.Bicep;

/// <summary><c>if (condition) { ... }</c> as the body of a resource or module.</summary>
public sealed record BicepConditional(string Condition, BicepValue Body, int Line) : BicepValue(Line);
