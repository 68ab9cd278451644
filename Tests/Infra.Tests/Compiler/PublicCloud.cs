using System.Text.RegularExpressions;

namespace Infra.Tests.Compiler;

/// <summary>
/// The values of ARM's <c>environment()</c> in Azure's public cloud, for compiled names that follow the cloud they are
/// deployed to (<c>[format('privatelink.blob.{0}', environment().suffixes.storage)]</c>).
/// </summary>
public static partial class PublicCloud
{
    private static readonly Dictionary<string, string> Suffixes = new(StringComparer.Ordinal)
    {
        ["storage"] = "core.windows.net",
        ["acrLoginServer"] = ".azurecr.io",
    };

    /// <summary>A literal stays as it is; a format over one environment() suffix is resolved; anything else is an error.</summary>
    public static string Resolve(string compiled)
    {
        if (!compiled.StartsWith('['))
        {
            return compiled;
        }

        var match = FormatOverSuffix().Match(compiled);
        if (!match.Success || !Suffixes.TryGetValue(match.Groups["suffix"].Value, out var suffix))
        {
            throw new ArgumentException($"not a name this resolver knows: {compiled}", nameof(compiled));
        }

        return match.Groups["format"].Value.Replace("{0}", suffix, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\[format\('(?<format>[^']*)', environment\(\)\.suffixes\.(?<suffix>\w+)\)\]$")]
    private static partial Regex FormatOverSuffix();
}
