extern alias NetLite;
using System.Diagnostics;
using ServiceTesting;
using LiteAddress = NetLite::Amqp.Address;
using LiteAttach = NetLite::Amqp.Framing.Attach;
using LiteByteBuffer = NetLite::Amqp.ByteBuffer;
using LiteConnectionFactory = NetLite::Amqp.ConnectionFactory;
using LiteContainerHost = NetLite::Amqp.Listener.ContainerHost;
using LiteMessage = NetLite::Amqp.Message;
using LiteMessageContext = NetLite::Amqp.Listener.MessageContext;
using LiteMessageProcessor = NetLite::Amqp.Listener.IMessageProcessor;
using LiteReceiverSettleMode = NetLite::Amqp.Framing.ReceiverSettleMode;
using LiteSaslProfile = NetLite::Amqp.Sasl.SaslProfile;
using LiteSenderLink = NetLite::Amqp.SenderLink;
using LiteSenderSettleMode = NetLite::Amqp.Framing.SenderSettleMode;
using LiteSession = NetLite::Amqp.Session;
using LiteSource = NetLite::Amqp.Framing.Source;
using LiteTarget = NetLite::Amqp.Framing.Target;

namespace Benchmarks;

/// <summary>
/// AMQPNetLite 2.5.5 talking to itself on 127.0.0.1: its client sends the 1 KB sample (decoded from our encoding into
/// its own message type) to its ContainerHost, which counts and accepts. Same bounds and in-flight window as ours.
/// </summary>
internal static class NetLiteLoopback
{
    public static async Task<(double Messages, double Seconds)> RunAsync(int count, int seconds, bool settled)
    {
        var port = ClosedPort.Find();
        var host = new LiteContainerHost(new LiteAddress($"amqp://127.0.0.1:{port}"));
        var counter = new CountingProcessor();
        host.Listeners[0].SASL.EnableAnonymousMechanism = true;
        host.RegisterMessageProcessor("load", counter);
        host.Open();
        try
        {
            var factory = new LiteConnectionFactory();
            factory.SASL.Profile = LiteSaslProfile.Anonymous;
            var connection = await factory.CreateAsync(new LiteAddress("127.0.0.1", port, null, null, "/", "amqp"));
            var sender = new LiteSenderLink(new LiteSession(connection), "load", new LiteAttach
            {
                Source = new LiteSource(),
                Target = new LiteTarget { Address = "load" },
                SndSettleMode = settled ? LiteSenderSettleMode.Settled : LiteSenderSettleMode.Unsettled,
                RcvSettleMode = LiteReceiverSettleMode.First,
            }, null);

            var encoded = ServiceBusMessageSample.Encoded();
            var template = LiteMessage.Decode(new LiteByteBuffer(encoded, 0, encoded.Length, encoded.Length));
            using var window = new SemaphoreSlim(LoopbackLoad.InFlight);
            var clock = Stopwatch.StartNew();
            var sent = 0;
            while (sent < count && clock.Elapsed.TotalSeconds < seconds)
            {
                await window.WaitAsync();
                // A message object carries its delivery, so each send gets its own; the sections are shared.
                var message = new LiteMessage
                {
                    Header = template.Header,
                    MessageAnnotations = template.MessageAnnotations,
                    Properties = template.Properties,
                    ApplicationProperties = template.ApplicationProperties,
                    BodySection = template.BodySection,
                };
                sender.Send(message, (_, _, _, _) => window.Release(), null);
                sent++;
            }

            for (var i = 0; i < LoopbackLoad.InFlight; i++)
            {
                await window.WaitAsync();
            }

            await counter.WaitForAsync(sent, TimeSpan.FromSeconds(seconds + 30));
            var elapsed = clock.Elapsed.TotalSeconds;
            await connection.CloseAsync();
            return (sent, elapsed);
        }
        finally
        {
            host.Close();
        }
    }

    private sealed class CountingProcessor : LiteMessageProcessor
    {
        private readonly ArrivalCounter _counter = new();

        public int Credit => 5000;

        public void Process(LiteMessageContext messageContext)
        {
            messageContext.Complete();
            _counter.Arrived();
        }

        public Task WaitForAsync(int messages, TimeSpan timeout) => _counter.WaitForAsync(messages, timeout);
    }
}
