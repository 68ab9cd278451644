using Microsoft.Azure.Amqp;
using AzureMessage = Microsoft.Azure.Amqp.AmqpMessage;

namespace Amqp.Tests.Interop.AzureAmqp;

/// <summary>
/// One FIFO queue of <see cref="AzureAmqpBroker"/>: receiving links add what arrives and answer with the address's
/// outcome; sending links take messages as their credit allows (the library answers drain itself once the credit
/// callback returns) and report the outcomes they receive.
/// </summary>
internal sealed class AzureAmqpQueue(PeerEvents events)
{
    private readonly Queue<AzureMessage> _messages = new();
    private readonly List<SendingAmqpLink> _consumers = [];
    private int _tags;

    public ReceivingAmqpLink AddProducer(ReceivingAmqpLink link, InteropOutcome outcome)
    {
        link.RegisterMessageListener(message =>
        {
            lock (_messages)
            {
                _messages.Enqueue(message.Clone());
            }

            // Pre-settled transfers are settled already; disposing them only restores credit.
            link.DisposeMessage(message, AzureAmqpMessages.ToAzure(outcome), settled: true, batchable: false);
            message.Dispose();
            Pump();
        });
        return link;
    }

    public SendingAmqpLink AddConsumer(SendingAmqpLink link)
    {
        lock (_messages)
        {
            _consumers.Add(link);
        }

        link.RegisterCreditListener((_, _, _) => Pump());
        link.RegisterDispositionListener(delivery =>
        {
            events.Add($"disposition {((AzureMessage)delivery).Properties.MessageId}: {AzureAmqpMessages.FromAzure(delivery.State)}");
            link.DisposeDelivery(delivery, true, delivery.State);
        });
        link.Closed += (_, _) =>
        {
            lock (_messages)
            {
                _consumers.Remove(link);
            }
        };
        return link;
    }

    private void Pump()
    {
        // Sends stay under the queue's lock so concurrent pumps cannot reorder the queue.
        lock (_messages)
        {
            foreach (var consumer in _consumers)
            {
                while (consumer.LinkCredit > 0 && _messages.Count > 0)
                {
                    var tag = new ArraySegment<byte>(BitConverter.GetBytes(Interlocked.Increment(ref _tags)));
                    consumer.SendMessageNoWait(_messages.Dequeue(), tag, AmqpConstants.NullBinary);
                }
            }
        }
    }
}
