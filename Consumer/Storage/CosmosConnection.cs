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

    private CosmosConnection(Uri accountEndpoint, string? connectionString)
    {
        AccountEndpoint = accountEndpoint;
        ConnectionString = connectionString;
    }

    public Uri AccountEndpoint { get; }

    /// <summary>The connection string, when one was given (then the account key authenticates).</summary>
    public string? ConnectionString { get; }

    /// <summary>True when the setting was a bare endpoint: the client authenticates with a token credential.</summary>
    public bool UsesTokenCredential => ConnectionString is null;

    public static CosmosConnection Parse(string? value)
    {
        value = ConnectionSetting.Require(value, SettingName);
        if (ConnectionSetting.TryReadEndpoint(value, out var endpoint))
        {
            return new CosmosConnection(endpoint, null);
        }

        var pairs = ConnectionSetting.ReadConnectionString(value, SettingName);
        if (!Uri.TryCreate(pairs.Find("AccountEndpoint"), UriKind.Absolute, out var accountUri))
        {
            throw new InvalidOperationException($"{SettingName} has no valid AccountEndpoint.");
        }

        if (string.IsNullOrWhiteSpace(pairs.Find("AccountKey")))
        {
            throw new InvalidOperationException($"{SettingName} has no AccountKey; give a bare endpoint to use Entra ID instead.");
        }

        return new CosmosConnection(accountUri, value);
    }

    /// <param name="credential">Called only when the setting is a bare endpoint.</param>
    /// <param name="options">Client options; this method only adds what the connection itself requires.</param>
    /// <remarks>
    /// The SDK itself honours <c>DisableServerCertificateValidation=True</c> in a connection string (Aspire writes it
    /// for the emulator's self-signed certificate) for the one client it creates; process-wide validation is untouched.
    /// A loopback endpoint is an emulator behind a mapped port (a container's, under Aspire): the client stays on that
    /// endpoint instead of following the account's advertised address, which names the port inside the container.
    /// A real account is never on loopback, so region discovery and failover stay on for it.
    /// </remarks>
    public CosmosClient CreateClient(Func<TokenCredential> credential, CosmosClientOptions options)
    {
        if (AccountEndpoint.IsLoopback)
        {
            options.LimitToEndpoint = true;
        }

        return ConnectionString is null
            ? new CosmosClient(AccountEndpoint.ToString(), credential(), options)
            : new CosmosClient(ConnectionString, options);
    }
}
