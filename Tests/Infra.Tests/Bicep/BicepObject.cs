namespace Infra.Tests.Bicep;

public sealed record BicepObject(IReadOnlyList<BicepProperty> Properties, int Line) : BicepValue(Line)
{
    public BicepValue? Get(string name) => Properties.FirstOrDefault(p => p.Name == name)?.Value;
}
