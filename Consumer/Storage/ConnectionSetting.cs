namespace Consumer.Storage;

/// <summary>
/// Reads a <c>ConnectionStrings__*</c> value the way Aspire injects it: either a connection string
/// (<c>Key=Value;...</c>, local emulators and key-based accounts) or a bare endpoint URI (Azure, used with
/// <c>DefaultAzureCredential</c>).
/// </summary>
internal static class ConnectionSetting
{
    public static bool TryReadEndpoint(string value, out Uri endpoint)
    {
        endpoint = null!;
        return !value.Contains(';', StringComparison.Ordinal)
            && Uri.TryCreate(value.Trim(), UriKind.Absolute, out endpoint!)
            && (endpoint.Scheme == Uri.UriSchemeHttps || endpoint.Scheme == Uri.UriSchemeHttp);
    }

    /// <summary>
    /// Splits <c>Key=Value;...</c> into its pairs, in order, values verbatim (account keys end in '=', so only the
    /// first '=' of a pair separates).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ReadConnectionString(string value, string settingName)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var segment in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = segment.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new InvalidOperationException(
                    $"{settingName} is neither an endpoint URI nor a connection string (Key=Value;...): '{segment}' has no key and value.");
            }

            pairs.Add(new(segment[..separator].Trim(), segment[(separator + 1)..].Trim()));
        }

        return pairs;
    }

    public static string? Find(this IReadOnlyList<KeyValuePair<string, string>> pairs, string key) =>
        pairs.FirstOrDefault(pair => string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    public static string Require(string? value, string settingName) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException($"{settingName} is not set: give a connection string or an endpoint URI.")
            : value;
}
