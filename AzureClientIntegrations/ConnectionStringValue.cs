namespace AzureClientIntegrations;

/// <summary>
/// Reads a <c>ConnectionStrings:{name}</c> value the way Aspire's client integrations do: a bare absolute URI is an
/// endpoint (used with a token credential, <c>DefaultAzureCredential</c> unless the settings name another); anything
/// else is a <c>Key=Value;...</c> connection string (emulators and key-based accounts).
/// </summary>
internal static class ConnectionStringValue
{
    public static bool IsEndpoint(string value, out Uri endpoint)
    {
        endpoint = null!;
        return !value.Contains(';', StringComparison.Ordinal) && Uri.TryCreate(value.Trim(), UriKind.Absolute, out endpoint!);
    }

    /// <summary>The value of <paramref name="key"/> in a connection string, or null (keys are case-insensitive).</summary>
    public static string? Find(string connectionString, string key) =>
        Pairs(connectionString).FirstOrDefault(pair => string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The connection string without <paramref name="key"/>, for an SDK that refuses keys it does not know.</summary>
    public static string Without(string connectionString, string key) =>
        string.Concat(Pairs(connectionString)
            .Where(pair => !string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase))
            .Select(pair => $"{pair.Key}={pair.Value};"));

    public static InvalidOperationException Missing(string integration, string connectionName, string section, string what) =>
        new($"{integration}: no connection for '{connectionName}'. Set ConnectionStrings:{connectionName} (ConnectionStrings__{connectionName}) "
            + $"to a connection string or an endpoint, or {what} in the '{section}' configuration section.");

    // Values are kept verbatim: account keys end in '=', so only the first '=' of a pair separates.
    private static IEnumerable<KeyValuePair<string, string>> Pairs(string connectionString)
    {
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = segment.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new InvalidOperationException($"'{segment}' in a connection string has no key and value (Key=Value;...).");
            }

            yield return new(segment[..separator].Trim(), segment[(separator + 1)..].Trim());
        }
    }
}
