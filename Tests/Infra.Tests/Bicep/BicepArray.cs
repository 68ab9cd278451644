namespace Infra.Tests.Bicep;

public sealed record BicepArray(IReadOnlyList<BicepValue> Items, int Line) : BicepValue(Line);
