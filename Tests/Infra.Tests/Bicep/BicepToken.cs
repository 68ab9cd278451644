namespace Infra.Tests.Bicep;

/// <param name="Text">The source text of the token (for strings: including the quotes).</param>
/// <param name="StringValue">For a string without interpolation: its unescaped value.</param>
/// <param name="IsInterpolated">For a string: whether it contains <c>${...}</c>.</param>
public sealed record BicepToken(BicepTokenKind Kind, string Text, int Line, string? StringValue = null, bool IsInterpolated = false)
{
    public bool Is(string symbolOrKeyword) =>
        (Kind is BicepTokenKind.Symbol or BicepTokenKind.Identifier) && Text == symbolOrKeyword;
}
