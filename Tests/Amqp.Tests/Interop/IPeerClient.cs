namespace Amqp.Tests.Interop;

/// <summary>A library's client: one connection with one session.</summary>
public interface IPeerClient : IAsyncDisposable
{
    /// <summary>Attaches a sending link; throws <see cref="InteropError"/> when the attach is refused.</summary>
    Task<IPeerSender> AttachSenderAsync(string address, bool settled);

    /// <summary>
    /// Attaches a receiving link asking for pre-settled (<paramref name="settled"/>) or unsettled deliveries and grants
    /// <paramref name="credit"/> that is topped up as messages arrive; with credit 0 only <see cref="IPeerReceiver.GrantCredit"/>
    /// and <see cref="IPeerReceiver.DrainAsync"/> give the sender credit.
    /// </summary>
    Task<IPeerReceiver> AttachReceiverAsync(string address, bool settled, int credit);

    /// <summary>Ends the session.</summary>
    Task EndSessionAsync();

    /// <summary>Closes the connection with <paramref name="error"/>.</summary>
    Task CloseAsync(InteropError error);

    /// <summary>Completes with the error the peer closed the connection with.</summary>
    Task<InteropError?> ClosedByPeer { get; }
}
