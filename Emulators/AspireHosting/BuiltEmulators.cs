using System.Reflection;

namespace AspireHosting;

/// <summary>Where the build put the emulators this library starts: the repository's node_modules and the Service Bus emulator's assembly.</summary>
internal static class BuiltEmulators
{
    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static string ServiceBusEmulatorAssembly => Metadata("ServiceBusEmulatorAssembly");

    /// <summary>Fails with what to do when the build has not produced <paramref name="path"/>.</summary>
    public static string Require(string path, string what) =>
        File.Exists(path) ? path : throw new LocalEmulatorUnavailableException($"{what} is missing at {path}: build the solution first (dotnet build Aspire.sln runs npm ci too).");

    private static string Metadata(string key) =>
        typeof(BuiltEmulators).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(attribute => attribute.Key == key).Value!;
}
