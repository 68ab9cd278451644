using System.Threading.Channels;
using Microsoft.Azure.Amqp;
using AzureMessage = Microsoft.Azure.Amqp.AmqpMessage;

namespace Amqp.Tests.Interop.AzureAmqp;

/// <summary>
/// Takes messages through the link's message listener, not its receive calls: with automatic flow off, every pending
/// receive call grants the sender one more credit, and the credit scenarios need the credit to be exactly what they
/// grant. Register before the link opens.
/// </summary>
internal sealed class AzureAmqpReceiver : IPeerReceiver
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ReceivingAmqpLink _link;
    private readonly bool _settled;
    private readonly Channel<AzureMessage> _arrived = Channel.CreateUnbounded<AzureMessage>();

    public AzureAmqpReceiver(ReceivingAmqpLink link, bool settled)
    {
        _link = link;
        _settled = settled;
        link.RegisterMessageListener(message => _arrived.Writer.TryWrite(message));
    }

    public bool ReportsDrainCompletion => true;

    public async Task<PeerDelivery> ReceiveAsync()
    {
        var message = await _arrived.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        if (_settled)
        {
            // The library restores credit only for messages the application disposes, pre-settled ones included.
            _link.DisposeMessage(message, new Microsoft.Azure.Amqp.Framing.Accepted(), settled: true, batchable: false);
        }

        return new PeerDelivery(AzureAmqpMessages.FromAzure(message), message);
    }

    public Task SettleAsync(PeerDelivery delivery, InteropOutcome outcome)
    {
        if (_settled)
        {
            throw new InvalidOperationException("Pre-settled deliveries take no outcome.");
        }

        _link.DisposeMessage((AzureMessage)delivery.Native, AzureAmqpMessages.ToAzure(outcome), settled: true, batchable: false);
        return Task.CompletedTask;
    }

    /// <summary>Credit for a link without automatic flow is set, not added: the scenarios grant it when none is left.</summary>
    public void GrantCredit(int credit) => _link.IssueCredit((uint)credit, false, AmqpConstants.NullBinary);

    public async Task DrainAsync(int credit)
    {
        _link.IssueCredit((uint)credit, false, AmqpConstants.NullBinary);
        await _link.DrainAsyc(CancellationToken.None).WaitAsync(Timeout);
    }

    public Task DetachAsync() => _link.CloseAsync(Timeout);
}
