using System.Reflection;

namespace AppHost.Orchestration;

/// <summary>
/// Where the AppHost's build put the programs it runs: the repository root, configuration and target framework are
/// stamped into this assembly at build time, and the AppHost's project references build the services and the
/// Service Bus emulator in the same configuration.
/// </summary>
internal sealed record BuildLayout(string RepositoryRoot, string Configuration, string TargetFramework)
{
    public const string ServiceBusEmulatorProject = "Emulators/ServiceBusEmulator/ServiceBusEmulator.csproj";

    public static BuildLayout OfThisBuild()
    {
        var metadata = typeof(BuildLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .ToDictionary(attribute => attribute.Key, attribute => attribute.Value ?? "");
        return new BuildLayout(metadata["RepositoryRoot"], metadata["BuildConfiguration"], metadata["TargetFramework"]);
    }

    /// <summary>The built assembly of a project given relative to the repository root, e.g. <c>Producer/Producer.csproj</c>.</summary>
    public string AssemblyOf(string project)
    {
        var projectPath = Path.Combine(RepositoryRoot, project);
        var name = Path.GetFileNameWithoutExtension(projectPath);
        return Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", Configuration, TargetFramework, name + ".dll");
    }

    public string DirectoryOf(string project) => Path.GetDirectoryName(Path.Combine(RepositoryRoot, project))!;
}
