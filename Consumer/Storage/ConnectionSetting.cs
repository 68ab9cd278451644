using System.Data.Common;

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

    public static DbConnectionStringBuilder ReadConnectionString(string value, string settingName)
    {
        try
        {
            return new DbConnectionStringBuilder { ConnectionString = value };
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException(
                $"{settingName} is neither an endpoint URI nor a connection string (Key=Value;...): {exception.Message}", exception);
        }
    }

    public static string Require(string? value, string settingName) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException($"{settingName} is not set: give a connection string or an endpoint URI.")
            : value;
}
