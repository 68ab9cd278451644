namespace AspireHosting;

/// <summary>
/// An emulator cannot be started on this machine (Node.js missing, or the build has not produced it). The message is
/// one line saying what to do; an AppHost prints it instead of a stack trace.
/// </summary>
public sealed class LocalEmulatorUnavailableException(string message) : Exception(message);
