namespace ServiceBusEmulator.Administration;

/// <summary>
/// An HTTP request as the administration API sees it, whichever listener received it (the AMQP port or the
/// management port). <see cref="Path"/> is URL-decoded and has no leading slash (<c>q1</c>, <c>t1/Subscriptions/s1</c>,
/// <c>$Resources/queues</c>); header names compare case-insensitively.
/// </summary>
public sealed record AdministrationRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The Host header (host and port), for the ATOM ids and links of responses and the SAS audience.</summary>
    public string Host => Header("Host") ?? "localhost";
}
