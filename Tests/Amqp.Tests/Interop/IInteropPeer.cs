namespace Amqp.Tests.Interop;

/// <summary>An independent .NET AMQP 1.0 stack that our engine must interoperate with, in both roles.</summary>
public interface IInteropPeer
{
    /// <summary>
    /// Starts the library's listener as a queue broker on 127.0.0.1: one FIFO queue per address, the outcome of
    /// <see cref="InteropOutcome.ForAddress"/> for every unsettled transfer it receives, and the rules of
    /// <see cref="InteropAddresses"/>. It offers ANONYMOUS and PLAIN (<see cref="InteropSasl.User"/> /
    /// <see cref="InteropSasl.Secret"/>) and announces <paramref name="maxFrameSize"/>.
    /// </summary>
    Task<IPeerBroker> StartBrokerAsync(uint maxFrameSize);

    /// <summary>Opens a connection and one session with the library's client.</summary>
    Task<IPeerClient> ConnectAsync(Uri address, InteropSasl sasl);
}
