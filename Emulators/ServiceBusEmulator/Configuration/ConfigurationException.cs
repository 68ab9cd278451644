namespace ServiceBusEmulator.Configuration;

/// <summary>A configuration value the emulator refuses; <see cref="Path"/> is the JSON path of the field.</summary>
public sealed class ConfigurationException(string path, string problem)
    : Exception($"{path}: {problem}")
{
    public string Path { get; } = path;
}
