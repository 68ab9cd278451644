namespace Amqp.Tests.Interop;

/// <summary>
/// Addresses with a meaning to every test broker (ours and each library's), so error scenarios read the same against
/// any of them. Outcome addresses come from <see cref="InteropOutcome.AddressFor"/>.
/// </summary>
public static class InteropAddresses
{
    /// <summary>An attach to it is refused with <see cref="NotFound"/>.</summary>
    public const string Missing = "missing";

    /// <summary>An attach to it is accepted, then the broker detaches the link with <see cref="ResourceDeleted"/>.</summary>
    public const string DetachedByBroker = "detached-by-broker";

    /// <summary>An attach to it makes the broker close the connection with <see cref="ConnectionForced"/>.</summary>
    public const string ClosedByBroker = "closed-by-broker";

    public static readonly InteropError NotFound = new("amqp:not-found", "The node 'missing' could not be found.");

    public static readonly InteropError ResourceDeleted = new("amqp:resource-deleted", "The node was deleted by the test broker.");

    public static readonly InteropError ConnectionForced = new("amqp:connection:forced", "The test broker closed the connection.");

    /// <summary>The error our side sends when it closes the connection in the lifecycle scenarios.</summary>
    public static readonly InteropError ClosedByClient = new("amqp:connection:forced", "The interop client is done.");
}
