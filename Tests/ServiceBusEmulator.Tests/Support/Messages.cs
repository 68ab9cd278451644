using System.Text;
using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Tests.Support;

/// <summary>Builds broker messages the way the AMQP adapter will: opaque bytes plus the extracted fields.</summary>
public static class Messages
{
    public static BrokerMessage Text(string body, string? messageId = null, string? sessionId = null, IReadOnlyDictionary<string, object?>? properties = null) =>
        new(Encoding.UTF8.GetBytes(body))
        {
            MessageId = messageId,
            SessionId = sessionId,
            ApplicationProperties = properties ?? new Dictionary<string, object?>(),
        };

    public static string BodyOf(BrokerMessage message) => Encoding.UTF8.GetString(message.EncodedMessage.Span);
}
