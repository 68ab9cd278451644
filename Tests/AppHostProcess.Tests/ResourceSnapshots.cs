using System.Globalization;
using System.Text.RegularExpressions;

namespace AppHostProcess.Tests;

/// <summary>
/// The resource states an AppHost run prints when started with
/// <c>--Logging:LogLevel:Aspire.Hosting.ApplicationModel.ResourceNotificationService=Trace</c>: every snapshot it
/// publishes (the data the dashboard shows) on one line. Fed line by line; keeps the latest snapshot of each instance.
/// </summary>
public sealed partial class ResourceSnapshots
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ResourceInstance> _instances = [];

    public void Observe(string line)
    {
        var match = Update().Match(line);
        if (!match.Success)
        {
            return;
        }

        var version = int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture);
        var instance = new ResourceInstance(
            version,
            match.Groups["name"].Value,
            match.Groups["id"].Value,
            match.Groups["type"].Value,
            match.Groups["state"].Value.Trim(),
            match.Groups["hidden"].Value == "True",
            match.Groups["health"].Value,
            Pair().Matches(match.Groups["urls"].Value).ToDictionary(pair => pair.Groups[1].Value, pair => pair.Groups[2].Value));
        lock (_lock)
        {
            if (!_instances.TryGetValue(instance.Id, out var known) || known.Version <= version)
            {
                _instances[instance.Id] = instance;
            }
        }
    }

    /// <summary>The instances a user sees (the dashboard itself and the rebuilders are hidden), by id.</summary>
    public IReadOnlyList<ResourceInstance> Visible()
    {
        lock (_lock)
        {
            return [.. _instances.Values.Where(instance => !instance.IsHidden).OrderBy(instance => instance.Id, StringComparer.Ordinal)];
        }
    }

    [GeneratedRegex(
        @"Version: (?<version>\d+) Resource (?<name>[^/\s]+)/(?<id>\S+) update published: ResourceType = (?<type>[^,]*), " +
        @".*?State = \{ Text = (?<state>[^,]*), Style = [^}]*\}, IsHidden = (?<hidden>\w+), HeathStatus = (?<health>[^,]*), " +
        @".*?Urls = \{ (?<urls>.*?) \}, EnvironmentVariables = ")]
    private static partial Regex Update();

    [GeneratedRegex(@"(\S+) = (\S+)")]
    private static partial Regex Pair();
}
