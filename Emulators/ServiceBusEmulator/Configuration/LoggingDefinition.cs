namespace ServiceBusEmulator.Configuration;

/// <summary>The official emulator's <c>Logging.Type</c>: "File", "Console" or both (comma-separated).</summary>
public sealed record LoggingDefinition(bool ToConsole, bool ToFile)
{
    public static LoggingDefinition Default { get; } = new(ToConsole: true, ToFile: false);
}
