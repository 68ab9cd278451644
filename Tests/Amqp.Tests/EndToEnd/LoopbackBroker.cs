using System.Collections.Concurrent;
using System.Threading.Channels;
using Amqp.Framing;
using Amqp.Messaging;

namespace Amqp.Tests.EndToEnd;

/// <summary>
/// A tiny in-test broker on our listener: messages sent to an address are queued and handed to receivers of that
/// address; it answers dispositions the way Service Bus does (settled, with the receiver's outcome).
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
        if (link is ReceiverLink receiver)
        {
            var queue = Queue(request.Remote.Target?.Address as string ?? "");
            _ = Task.Run(async () =>
            {
                while (await receiver.ReceiveAsync() is { } delivery)
                {
                    await queue.Writer.WriteAsync(delivery);
                    if (!delivery.IsSettledBySender)
                    {
                        await receiver.AcceptAsync(delivery);
                    }
                }
            });
        }
        else if (link is SenderLink sender)
        {
            var queue = Queue(request.Remote.Source?.Address as string ?? "");
            _ = Task.Run(async () =>
            {
                try
                {
                    while (!sender.IsClosed)
                    {
                        var delivery = await queue.Reader.ReadAsync();
                        await sender.SendAsync(delivery.Payload, new SendOptions { MessageFormat = delivery.MessageFormat, Settled = false });
                    }
                }
                catch (AmqpException)
                {
                }
            });
        }
    }

    public async ValueTask DisposeAsync() => await Listener.DisposeAsync();
}
