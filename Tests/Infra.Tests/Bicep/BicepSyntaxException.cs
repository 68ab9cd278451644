namespace Infra.Tests.Bicep;

/// <summary>Bicep text the reader does not understand. Thrown, never skipped: a check must not pass on text it could not read.</summary>
public sealed class BicepSyntaxException(string file, int line, string message)
    : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;
}
