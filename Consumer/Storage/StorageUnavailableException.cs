namespace Consumer.Storage;

/// <summary>A storage service could not be reached or failed; the message names the service and its endpoint.</summary>
public sealed class StorageUnavailableException(string service, Uri endpoint, Exception innerException)
    : Exception($"{service} at {endpoint} is unavailable: {innerException.Message}", innerException)
{
    public string Service { get; } = service;

    public Uri Endpoint { get; } = endpoint;
}
