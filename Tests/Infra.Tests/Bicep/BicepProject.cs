namespace Infra.Tests.Bicep;

/// <summary>Every .bicep file of a template tree (infra/, or snippets a test makes), read and parsed.</summary>
public sealed class BicepProject
{
    public BicepProject(IEnumerable<BicepFile> files)
    {
        Files = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        if (Files.Count == 0)
        {
            throw new ArgumentException("no .bicep file to check", nameof(files));
        }
    }

    public IReadOnlyList<BicepFile> Files { get; }

    public IEnumerable<(BicepFile File, ResourceDeclaration Resource)> Resources =>
        Files.SelectMany(f => f.Resources.Select(r => (f, r)));

    /// <summary>Resources this template creates or updates (not <c>existing</c> references) of one type.</summary>
    public IEnumerable<(BicepFile File, ResourceDeclaration Resource)> DeclaredResourcesOfType(string type) =>
        Resources.Where(x => !x.Resource.IsExisting && string.Equals(x.Resource.Type, type, StringComparison.OrdinalIgnoreCase));

    public BicepFile File(string relativePath) =>
        Files.FirstOrDefault(f => f.Path == relativePath) ?? throw new FileNotFoundException($"no {relativePath} in the template", relativePath);

    public static BicepProject Load(string directory)
    {
        var files = Directory.EnumerateFiles(directory, "*.bicep", SearchOption.AllDirectories)
            .Select(path => BicepFile.Parse(Path.GetRelativePath(directory, path).Replace('\\', '/'), System.IO.File.ReadAllText(path)));
        return new BicepProject(files);
    }

    /// <summary>A template made of one snippet, as a test writes it.</summary>
    public static BicepProject FromSource(string source, string path = "snippet.bicep") =>
        new([BicepFile.Parse(path, source)]);
}
