namespace Amqp.Tests.Interop;

/// <summary>
/// A delivery's outcome (spec 3.4) described without any library's types. <see cref="Settled"/> stands for a
/// pre-settled send, which has no outcome.
/// </summary>
public sealed record InteropOutcome(string Kind, string? Condition = null, string? Description = null, bool DeliveryFailed = false, bool UndeliverableHere = false)
{
    public static readonly InteropOutcome Settled = new("settled");

    public static readonly InteropOutcome Accepted = new("accepted");

    public static readonly InteropOutcome Rejected = new("rejected", "amqp:precondition-failed", "rejected by the interop test");

    public static readonly InteropOutcome Released = new("released");

    public static readonly InteropOutcome Modified = new("modified", DeliveryFailed: true, UndeliverableHere: true);

    /// <summary>Every outcome a receiver can give, in the order the outcome scenarios apply them.</summary>
    public static readonly IReadOnlyList<InteropOutcome> All = [Accepted, Rejected, Released, Modified];

    /// <summary>
    /// The outcome the test brokers (ours and each library's) give a message sent to <paramref name="address"/>: the
    /// address names it (<c>outcome-rejected</c> …); every other address accepts.
    /// </summary>
    public static InteropOutcome ForAddress(string? address) =>
        All.FirstOrDefault(outcome => address == AddressFor(outcome)) ?? Accepted;

    public static string AddressFor(InteropOutcome outcome) => $"outcome-{outcome.Kind}";
}
