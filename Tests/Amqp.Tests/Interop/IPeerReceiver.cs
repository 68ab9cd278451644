namespace Amqp.Tests.Interop;

public interface IPeerReceiver
{
    /// <summary>The next message; throws <see cref="TimeoutException"/> when none arrives in time.</summary>
    Task<PeerDelivery> ReceiveAsync();

    /// <summary>Settles an unsettled delivery with <paramref name="outcome"/>.</summary>
    Task SettleAsync(PeerDelivery delivery, InteropOutcome outcome);

    /// <summary>Gives the sender <paramref name="credit"/> more, once (no top-up).</summary>
    void GrantCredit(int credit);

    /// <summary>
    /// Gives the sender <paramref name="credit"/> with the drain flag: it sends what it has up to that credit and gives
    /// back the rest. Completes when the sender reports the drain done, where the library tells (see
    /// <see cref="ReportsDrainCompletion"/>).
    /// </summary>
    Task DrainAsync(int credit);

    bool ReportsDrainCompletion { get; }

    Task DetachAsync();
}
