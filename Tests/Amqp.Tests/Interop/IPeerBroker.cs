namespace Amqp.Tests.Interop;

/// <summary>A library's listener running as a queue broker (see <see cref="IInteropPeer.StartBrokerAsync"/>).</summary>
public interface IPeerBroker : IAsyncDisposable
{
    Uri Address { get; }

    /// <summary>
    /// What the broker saw of its peers, as text: <c>detach {link}</c>, <c>end</c>, <c>close {condition}: {description}</c>
    /// and <c>disposition {message-id}: {outcome}</c> for the outcomes its senders received.
    /// </summary>
    PeerEvents Events { get; }
}
