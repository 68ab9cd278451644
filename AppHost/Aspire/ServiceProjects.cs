using AppHost.Topology;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AppHost.Aspire;

/// <summary>
/// Adds a topology.json service through the <c>Projects.*</c> type the Aspire AppHost SDK generates for each
/// ProjectReference of AppHost.csproj's Aspire branch. Those types ask for no build before start, so every replica runs
/// what the AppHost build already built; the path overload of AddProject would have each replica run its own
/// <c>dotnet run</c> build of the same project at the same moment.
/// </summary>
internal static class ServiceProjects
{
    public static IResourceBuilder<ProjectResource> Add(IDistributedApplicationBuilder builder, ServiceDefinition service)
    {
        var path = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", service.Project));
        if (IsProject(path, new Projects.Producer()))
        {
            return builder.AddProject<Projects.Producer>(service.Name);
        }

        if (IsProject(path, new Projects.Consumer()))
        {
            return builder.AddProject<Projects.Consumer>(service.Name);
        }

        throw new InvalidDataException(
            $"topology.json: service '{service.Name}' runs {service.Project}, which AppHost.csproj's Aspire branch does not reference");
    }

    private static bool IsProject(string path, IProjectMetadata project) =>
        string.Equals(path, Path.GetFullPath(project.ProjectPath), StringComparison.OrdinalIgnoreCase);
}
