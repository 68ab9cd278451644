namespace NodeEmulators;

/// <summary>Where and how a Node-based emulator is started.</summary>
public sealed class NodeEmulatorOptions
{
    /// <summary>Address to listen on; loopback so nothing outside this machine reaches the emulator.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port to listen on; 0 lets the operating system pick a free one (the emulator reports which).</summary>
    public int Port { get; set; }

    /// <summary>How long to wait for the emulator to report that it listens.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The Node.js executable; found on PATH by default.</summary>
    public string NodeExecutable { get; set; } = "node";

    /// <summary>
    /// The repository root holding <c>node_modules</c> and <c>Emulators/NodeEmulators/*.js</c>.
    /// Defaults to the root this assembly was built from.
    /// </summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>Receives every line the emulator writes (stdout and stderr), e.g. to stream it with a prefix; null to keep quiet.</summary>
    public Action<string>? OutputLine { get; set; }
}
