namespace AspireHosting;

/// <summary>Finds Node.js on PATH once, so a machine without it fails with one clear line instead of a resource that never starts.</summary>
internal static class NodeExecutable
{
    private static readonly Lazy<string> Found = new(Find);

    public static string Path => Found.Value;

    private static string Find()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "node.exe" } : ["node"];
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = System.IO.Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new LocalEmulatorUnavailableException("Node.js was not found on PATH: install Node.js 20 or later; Azurite and the Cosmos DB emulator run under it.");
    }
}
