using System.Diagnostics;
using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;
using Microsoft.Azure.Amqp.Transport;
using ServiceTesting;

namespace Benchmarks;

/// <summary>
/// Microsoft.Azure.Amqp 2.7.3 talking to itself on 127.0.0.1: its client sends the 1 KB sample (decoded from our
/// encoding into its own message type) to its AmqpConnectionListener, whose receiving link counts and accepts.
/// Same bounds and in-flight window as ours.
/// </summary>
internal static class AzureAmqpLoopback
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<(double Messages, double Seconds)> RunAsync(int count, int seconds, bool settled)
    {
        var address = new Uri($"amqp://127.0.0.1:{ClosedPort.Find()}");
        var counter = new ArrivalCounter();
        var settings = new AmqpSettings { RuntimeProvider = new CountingRuntime(counter) };
        var version = new AmqpVersion(1, 0, 0);
        var sasl = new SaslTransportProvider();
        sasl.Versions.Add(version);
        sasl.AddHandler(new SaslAnonymousHandler());
        var amqp = new AmqpTransportProvider();
        amqp.Versions.Add(version);
        settings.TransportProviders.Add(sasl);
        settings.TransportProviders.Add(amqp);
        var listener = new AmqpConnectionListener([address.AbsoluteUri], settings, new AmqpConnectionSettings { ContainerId = "azure-amqp-load" });
        listener.Open();
        try
        {
            var connection = await new AmqpConnectionFactory().OpenConnectionAsync(address, new SaslAnonymousHandler(), Timeout);
            var session = connection.CreateSession(new AmqpSessionSettings());
            await session.OpenAsync(Timeout);
            var sender = new SendingAmqpLink(session, new AmqpLinkSettings
            {
                LinkName = "load",
                Role = false,
                Source = new Source(),
                Target = new Target { Address = "load" },
                SettleType = settled ? SettleMode.SettleOnSend : SettleMode.SettleOnReceive,
                InitialDeliveryCount = 0,
            });
            await sender.OpenAsync(Timeout);

            var template = Decode(ServiceBusMessageSample.Encoded());
            var inFlight = new Queue<Task<Outcome>>();
            var clock = Stopwatch.StartNew();
            var sent = 0;
            while (sent < count && clock.Elapsed.TotalSeconds < seconds)
            {
                // A message is a delivery in this library, so each send gets its own copy.
                var tag = new ArraySegment<byte>(BitConverter.GetBytes(sent));
                inFlight.Enqueue(sender.SendMessageAsync(template.Clone(), tag, AmqpConstants.NullBinary, Timeout));
                sent++;
                if (inFlight.Count >= LoopbackLoad.InFlight)
                {
                    await inFlight.Dequeue();
                }
            }

            while (inFlight.Count > 0)
            {
                await inFlight.Dequeue();
            }

            await counter.WaitForAsync(sent, TimeSpan.FromSeconds(seconds + 30));
            var elapsed = clock.Elapsed.TotalSeconds;
            await connection.CloseAsync(Timeout);
            return (sent, elapsed);
        }
        finally
        {
            listener.Close();
        }
    }

    private static AmqpMessage Decode(byte[] encoded)
    {
        var decoded = AmqpMessage.CreateAmqpStreamMessage(new BufferListStream([new ArraySegment<byte>(encoded)]), true);
        decoded.Deserialize(SectionFlag.All);
        // Built from the decoded sections, so every send encodes them as an application's message would be.
        // Header and properties can only be filled in, not replaced.
        var message = AmqpMessage.Create(decoded.DataBody.ToList());
        message.Header.Durable = decoded.Header.Durable;
        message.Header.Priority = decoded.Header.Priority;
        message.Header.Ttl = decoded.Header.Ttl;
        message.MessageAnnotations = decoded.MessageAnnotations;
        message.ApplicationProperties = decoded.ApplicationProperties;
        var (to, from) = (message.Properties, decoded.Properties);
        to.MessageId = from.MessageId;
        to.CorrelationId = from.CorrelationId;
        to.ContentType = from.ContentType;
        to.Subject = from.Subject;
        to.CreationTime = from.CreationTime;
        to.AbsoluteExpiryTime = from.AbsoluteExpiryTime;
        return message;
    }

    /// <summary>The listener's side: every link it is asked for receives, counts and accepts.</summary>
    private sealed class CountingRuntime(ArrivalCounter counter) : IRuntimeProvider
    {
        public AmqpConnection CreateConnection(TransportBase transport, ProtocolHeader protocolHeader, bool isInitiator, AmqpSettings amqpSettings, AmqpConnectionSettings connectionSettings) =>
            new(transport, protocolHeader, false, amqpSettings, connectionSettings);

        public AmqpSession CreateSession(AmqpConnection connection, AmqpSessionSettings settings) => new(connection, settings, this);

        public AmqpLink CreateLink(AmqpSession session, AmqpLinkSettings settings)
        {
            settings.TotalLinkCredit = 5000;
            settings.AutoSendFlow = true;
            var receiver = new ReceivingAmqpLink(session, settings);
            receiver.RegisterMessageListener(message =>
            {
                receiver.AcceptMessage(message, true, true);
                message.Dispose();
                counter.Arrived();
            });
            return receiver;
        }

        public IAsyncResult BeginOpenLink(AmqpLink link, TimeSpan timeout, AsyncCallback callback, object? state)
        {
            var opened = new TaskCompletionSource(state);
            opened.SetResult();
            callback(opened.Task);
            return opened.Task;
        }

        public void EndOpenLink(IAsyncResult result)
        {
        }
    }
}
