using System.Collections.Concurrent;
using System.Threading.Channels;
using Amqp.Framing;
using Amqp.Messaging;

namespace Amqp.Tests.EndToEnd;

/// <summary>
/// A tiny in-test broker on our listener: messages sent to an address are queued and handed to receivers of that
/// address (pre-settled when the receiver asks for it); unsettled transfers get the outcome of <see cref="OutcomeFor"/>
/// (accepted unless a test says otherwise), and the outcomes receivers give what it sends are recorded.
/// </summary>
internal sealed class LoopbackBroker : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Channel<ReceivedDelivery>> _queues = new();

    public LoopbackBroker(Action<AmqpListenerSettings>? configure = null)
    {
        var settings = new AmqpListenerSettings { LinkAttaching = OnAttach };
        configure?.Invoke(settings);
        Listener = new AmqpListener(settings);
        Listener.Start();
    }

    public AmqpListener Listener { get; }

    public Uri Address => new($"amqp://127.0.0.1:{Listener.LocalEndpoint.Port}");

    public ConcurrentQueue<Attach> Attaches { get; } = new();

    public Func<LinkAttachRequest, Error?>? Refuse { get; set; }

    /// <summary>The outcome of an unsettled transfer, by target address.</summary>
    public Func<string, DeliveryState> OutcomeFor { get; set; } = static _ => Accepted.Instance;

    /// <summary>Called on the reader loop right after an attach is accepted.</summary>
    public Action<LinkAttachRequest, AmqpLink>? LinkAccepted { get; set; }

    /// <summary>Our end of every link this broker accepted.</summary>
    public ConcurrentQueue<AmqpLink> Links { get; } = new();

    /// <summary>The outcome each receiver gave to an unsettled message this broker sent it.</summary>
    public ConcurrentQueue<(ReceivedDelivery Message, DeliveryState? Outcome)> ReceiverOutcomes { get; } = new();

    private Channel<ReceivedDelivery> Queue(string address) =>
        _queues.GetOrAdd(address, _ => Channel.CreateUnbounded<ReceivedDelivery>());

    private void OnAttach(LinkAttachRequest request)
    {
        Attaches.Enqueue(request.Remote);
        if (Refuse?.Invoke(request) is { } error)
        {
            request.Refuse(error);
            return;
        }

        request.Reply.MaxMessageSize = 1024 * 1024;
        request.Settings.MaxMessageSize = 1024 * 1024;
        var link = request.Accept();
        Links.Enqueue(link);
        LinkAccepted?.Invoke(request, link);
        if (link is ReceiverLink receiver)
        {
            var address = request.Remote.Target?.Address as string ?? "";
            var queue = Queue(address);
            _ = Task.Run(async () =>
            {
                while (await receiver.ReceiveAsync() is { } delivery)
                {
                    await queue.Writer.WriteAsync(delivery);
                    if (!delivery.IsSettledBySender)
                    {
                        await receiver.SettleAsync(delivery, OutcomeFor(address));
                    }
                }
            });
        }
        else if (link is SenderLink sender)
        {
            var queue = Queue(request.Remote.Source?.Address as string ?? "");
            var settled = request.Remote.SndSettleMode == SenderSettleMode.Settled;
            _ = Task.Run(async () =>
            {
                try
                {
                    while (!sender.IsClosed)
                    {
                        var delivery = await queue.Reader.ReadAsync();
                        // Not awaited: the next message goes out while this one waits for its outcome, in order.
                        var outcome = sender.SendAsync(delivery.Payload, new SendOptions { MessageFormat = delivery.MessageFormat, Settled = settled });
                        _ = RecordOutcomeAsync(delivery, outcome, record: !settled);
                    }
                }
                catch (AmqpException)
                {
                }
            });
        }
    }

    private async Task RecordOutcomeAsync(ReceivedDelivery message, ValueTask<DeliveryState?> outcome, bool record)
    {
        try
        {
            var state = await outcome;
            if (record)
            {
                ReceiverOutcomes.Enqueue((message, state));
            }
        }
        catch (AmqpException)
        {
            // The link or connection went away before the receiver settled: nothing to record.
        }
    }

    public async ValueTask DisposeAsync() => await Listener.DisposeAsync();
}
