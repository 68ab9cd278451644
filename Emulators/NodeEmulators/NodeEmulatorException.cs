namespace NodeEmulators;

/// <summary>An emulator could not be started: Node.js or the npm packages are missing, the port is busy, or it failed.</summary>
public sealed class NodeEmulatorException(string message, Exception? innerException = null) : Exception(message, innerException);
