namespace ServiceBus;

/// <summary>
/// The parts of a Service Bus connection string:
/// <c>Endpoint=sb://host[:port]/;SharedAccessKeyName=…;SharedAccessKey=…[;EntityPath=…][;UseDevelopmentEmulator=true]</c>
/// (or <c>SharedAccessSignature=…</c> instead of the key pair).
/// </summary>
public sealed class ServiceBusConnectionStringProperties
{
    private ServiceBusConnectionStringProperties(Uri endpoint, string? entityPath, string? keyName, string? key, string? signature, bool emulator)
    {
        Endpoint = endpoint;
        EntityPath = entityPath;
        SharedAccessKeyName = keyName;
        SharedAccessKey = key;
        SharedAccessSignature = signature;
        UseDevelopmentEmulator = emulator;
    }

    /// <summary>The endpoint as written, normalised to the <c>sb</c> scheme with a trailing slash.</summary>
    public Uri Endpoint { get; }

    public string FullyQualifiedNamespace => Endpoint.Host;

    public string? EntityPath { get; }

    public string? SharedAccessKeyName { get; }

    public string? SharedAccessKey { get; }

    public string? SharedAccessSignature { get; }

    /// <summary>Plain AMQP on 5672 (or the endpoint's port) instead of TLS: the local emulator.</summary>
    public bool UseDevelopmentEmulator { get; }

    public static ServiceBusConnectionStringProperties Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("The connection string is empty.", nameof(connectionString));
        }

        string? endpoint = null, entityPath = null, keyName = null, key = null, signature = null;
        var emulator = false;
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Values (keys, signatures) may contain '=', so only the first one separates name from value.
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                throw new FormatException($"The connection string part '{Redact(part)}' is not of the form Name=Value.");
            }

            var name = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            switch (name.ToLowerInvariant())
            {
                case "endpoint": endpoint = value; break;
                case "entitypath": entityPath = value.Length == 0 ? null : value; break;
                case "sharedaccesskeyname": keyName = value; break;
                case "sharedaccesskey": key = value; break;
                case "sharedaccesssignature": signature = value; break;
                case "usedevelopmentemulator": emulator = string.Equals(value, "true", StringComparison.OrdinalIgnoreCase); break;
                default: break; // Unknown parts (e.g. TransportType from other SDKs) are ignored, as the Azure SDK does.
            }
        }

        if (endpoint is null)
        {
            throw new FormatException("The connection string has no Endpoint.");
        }

        var endpointUri = ParseEndpoint(endpoint);
        if (signature is null && (string.IsNullOrEmpty(keyName) || string.IsNullOrEmpty(key)))
        {
            throw new FormatException("The connection string needs SharedAccessKeyName and SharedAccessKey (or SharedAccessSignature).");
        }

        return new ServiceBusConnectionStringProperties(endpointUri, entityPath, keyName, key, signature, emulator);
    }

    /// <summary>
    /// Accepts <c>sb://host[:port][/]</c>, <c>https://host[:port]/</c>, <c>amqps://host</c> or a bare host name, and
    /// returns <c>sb://host[:port]/</c>.
    /// </summary>
    internal static Uri ParseEndpoint(string endpoint)
    {
        var text = endpoint.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "sb://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"The endpoint '{endpoint}' is not a valid host or URI.");
        }

        // https://ns.servicebus.windows.net:443/ (what Azure injects) names the namespace, not a port to use.
        var keepPort = !uri.IsDefaultPort && !(uri.Scheme is "https" or "wss" && uri.Port == 443) && uri.Port > 0;
        return new Uri(keepPort ? $"sb://{uri.Host}:{uri.Port}/" : $"sb://{uri.Host}/");
    }

    private static string Redact(string part) => part.Length > 12 ? part[..12] + "…" : part;
}
