namespace Amqp.Tests.Interop;

public interface IPeerSender
{
    /// <summary>Sends and returns the receiver's outcome, or <see cref="InteropOutcome.Settled"/> for a pre-settled send.</summary>
    Task<InteropOutcome> SendAsync(InteropMessage message);

    /// <summary>Detaches (closes) the link.</summary>
    Task DetachAsync();

    /// <summary>Completes with the error the peer detached the link with.</summary>
    Task<InteropError?> DetachedByPeer { get; }
}
