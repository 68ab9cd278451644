using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace AzureClientIntegrations;

/// <summary>How every integration reads its settings, in Aspire's order: the shared section, then the connection's own.</summary>
internal static class IntegrationSettings
{
    public static TSettings Bind<TSettings>(IHostApplicationBuilder builder, string sectionName, string connectionName)
        where TSettings : new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        var settings = new TSettings();
        builder.Configuration.GetSection(sectionName).Bind(settings);
        builder.Configuration.GetSection($"{sectionName}:{connectionName}").Bind(settings);
        return settings;
    }

    /// <summary>Hands <c>ConnectionStrings:{connectionName}</c>, if set, to <paramref name="endpoint"/> or <paramref name="connectionString"/>.</summary>
    public static void ReadConnectionString(IHostApplicationBuilder builder, string connectionName, Action<Uri> endpoint, Action<string> connectionString)
    {
        if (builder.Configuration.GetConnectionString(connectionName) is not { Length: > 0 } value)
        {
            return;
        }

        if (ConnectionStringValue.IsEndpoint(value, out var uri))
        {
            endpoint(uri);
        }
        else
        {
            connectionString(value);
        }
    }
}
