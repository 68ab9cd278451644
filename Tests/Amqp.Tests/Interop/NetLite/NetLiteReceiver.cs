extern alias NetLite;
using LiteCreditMode = NetLite::Amqp.CreditMode;
using LiteMessage = NetLite::Amqp.Message;
using LiteReceiverLink = NetLite::Amqp.ReceiverLink;

namespace Amqp.Tests.Interop.NetLite;

internal sealed class NetLiteReceiver(LiteReceiverLink link, bool settled) : IPeerReceiver
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// AMQPNetLite takes the sender's answer to a drain internally and tells the application nothing, so a drain
    /// here completes once it is asked for.
    /// </summary>
    public bool ReportsDrainCompletion => false;

    public async Task<PeerDelivery> ReceiveAsync()
    {
        var message = await link.ReceiveAsync(Timeout) ?? throw new TimeoutException($"No message arrived within {Timeout}.");
        if (settled)
        {
            // The library restores credit only for messages the application completes, pre-settled ones included;
            // for those it sends no disposition.
            link.Accept(message);
        }

        return new PeerDelivery(NetLiteMessages.FromLite(message), message);
    }

    public Task SettleAsync(PeerDelivery delivery, InteropOutcome outcome)
    {
        if (settled)
        {
            throw new InvalidOperationException("Pre-settled deliveries take no outcome.");
        }

        link.Complete((LiteMessage)delivery.Native, NetLiteMessages.ToLite(outcome));
        return Task.CompletedTask;
    }

    public void GrantCredit(int credit) => link.SetCredit(credit, LiteCreditMode.Manual);

    public Task DrainAsync(int credit)
    {
        link.SetCredit(credit, LiteCreditMode.Drain);
        return Task.CompletedTask;
    }

    public Task DetachAsync() => link.CloseAsync().WaitAsync(Timeout);
}
