using Azure.Core;
using Microsoft.Azure.Cosmos;

namespace Consumer.Storage;

/// <summary>
/// Where the event store lives: a Cosmos DB connection string (<c>AccountEndpoint=...;AccountKey=...;</c>, the local
/// emulator) or a bare account endpoint (<c>https://account.documents.azure.com:443/</c>) reached with a token credential.
/// </summary>
public sealed class CosmosConnection
{
    public const string SettingName = "ConnectionStrings__cosmos";

    private CosmosConnection(Uri accountEndpoint, string? connectionString, bool disableServerCertificateValidation)
    {
        AccountEndpoint = accountEndpoint;
        ConnectionString = connectionString;
        DisableServerCertificateValidation = disableServerCertificateValidation;
    }

    public Uri AccountEndpoint { get; }

    /// <summary>The connection string, when one was given (then the account key authenticates).</summary>
    public string? ConnectionString { get; }

    /// <summary>
    /// Set by <c>DisableServerCertificateValidation=True</c> in the connection string, as Aspire writes it for the
    /// emulator's self-signed certificate. It affects only the client created from this connection.
    /// </summary>
    public bool DisableServerCertificateValidation { get; }

    /// <summary>True when the setting was a bare endpoint: the client authenticates with a token credential.</summary>
    public bool UsesTokenCredential => ConnectionString is null;

    public static CosmosConnection Parse(string? value)
    {
        value = ConnectionSetting.Require(value, SettingName);
        if (ConnectionSetting.TryReadEndpoint(value, out var endpoint))
        {
            return new CosmosConnection(endpoint, null, false);
        }

        var parts = ConnectionSetting.ReadConnectionString(value, SettingName);
        if (!parts.TryGetValue("AccountEndpoint", out var accountEndpoint)
            || !Uri.TryCreate(accountEndpoint?.ToString(), UriKind.Absolute, out var accountUri))
        {
            throw new InvalidOperationException($"{SettingName} has no valid AccountEndpoint.");
        }

        if (!parts.TryGetValue("AccountKey", out var key) || string.IsNullOrWhiteSpace(key?.ToString()))
        {
            throw new InvalidOperationException($"{SettingName} has no AccountKey; give a bare endpoint to use Entra ID instead.");
        }

        var disableValidation = parts.TryGetValue("DisableServerCertificateValidation", out var flag)
            && bool.TryParse(flag?.ToString(), out var disabled) && disabled;
        return new CosmosConnection(accountUri, value, disableValidation);
    }

    /// <param name="credential">Called only when the setting is a bare endpoint.</param>
    /// <param name="options">Client options; this method only adds what the connection itself requires.</param>
    public CosmosClient CreateClient(Func<TokenCredential> credential, CosmosClientOptions options)
    {
        if (ConnectionString is null)
        {
            return new CosmosClient(AccountEndpoint.ToString(), credential(), options);
        }

        if (DisableServerCertificateValidation)
        {
            // Scoped to this one client's HTTP handler; the process-wide validation is untouched.
            options.ServerCertificateCustomValidationCallback = (_, _, _) => true;
        }

        return new CosmosClient(ConnectionString, options);
    }
}
