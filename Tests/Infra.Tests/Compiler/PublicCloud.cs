namespace Infra.Tests.Compiler;

/// <summary>
/// What ARM's <c>environment()</c> returns in Azure's public cloud, for the values the templates take from it: names
/// that follow the cloud they are deployed to (<c>privatelink.blob.${environment().suffixes.storage}</c>) are checked
/// as they come out in the public cloud.
/// </summary>
public static class PublicCloud
{
    private static readonly Dictionary<string, string> Values = new(StringComparer.Ordinal)
    {
        ["suffixes.storage"] = "core.windows.net",
        ["suffixes.acrLoginServer"] = ".azurecr.io",
        ["authentication.loginEndpoint"] = "https://login.microsoftonline.com/",
    };

    /// <summary>The public cloud's value at <paramref name="path"/>; an unknown path is an error, not a guess.</summary>
    public static string Environment(string path) =>
        Values.TryGetValue(path, out var value) ? value : throw new ArgumentException($"environment().{path} is not a value this check knows", nameof(path));

    /// <summary>The dotted path of <c>environment().a.b</c>, or null for any other expression.</summary>
    public static string? Path(ArmProperty property)
    {
        var steps = new List<string>();
        ArmExpression current = property;
        while (current is ArmProperty step)
        {
            steps.Insert(0, step.Name);
            current = step.Target;
        }

        return current is ArmCall { Name: "environment", Arguments: [] } ? string.Join('.', steps) : null;
    }
}
