namespace Infra.Tests.Bicep;

public enum BicepTokenKind
{
    Identifier,
    String,
    Number,
    Symbol,
    NewLine,
    EndOfFile,
}
