using System.Text;
using Amqp.Messaging;
using Amqp.Types;

namespace Benchmarks;

/// <summary>A message shaped like what the producer sends to Service Bus: 1 KB JSON body and the usual sections.</summary>
internal static class ServiceBusMessageSample
{
    public static readonly byte[] Body = CreateBody();

    private static byte[] CreateBody()
    {
        var json = "{\"id\":\"743da362-69df-4e63-a95f-a1d93e29825e\",\"request_id\":\"743da362-69df-4e63-a95f-a1d93e29825e\",\"store_id\":5,"
            + "\"store_fqdn\":\"localhost\",\"store_ip\":\"127.0.0.1\",\"cust_id\":549,\"category\":\"Notebooks\",\"sku\":169008,"
            + "\"price\":45.85,\"qty\":34,\"discount\":10.3,\"gift_wrap\":true,\"variant\":\"red\",\"priority_shipping\":false,"
            + "\"ts\":\"2023-05-19T14:36:09.985501\",\"contact_me\":\"github.com/miztiik\",\"is_return\":true,\"note\":\"";
        var builder = new StringBuilder(json);
        while (builder.Length < 1022)
        {
            builder.Append('x');
        }

        builder.Append("\"}");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>The sample as encoded on the wire, for the other libraries to decode into their own message types.</summary>
    public static byte[] Encoded()
    {
        using var writer = new AmqpWriter(2048);
        Create().Encode(writer);
        return writer.WrittenSpan.ToArray();
    }

    public static AmqpMessage Create() => new()
    {
        Header = new Header { Durable = true, Ttl = 86_400_000 },
        MessageAnnotations = new MessageAnnotations
        {
            Map =
            {
                [new AmqpSymbol("x-opt-partition-key")] = "store-5",
                [new AmqpSymbol("x-opt-scheduled-enqueue-time")] = new AmqpTimestamp(1_700_000_000_000),
            },
        },
        Properties = new Properties
        {
            MessageId = "743da362-69df-4e63-a95f-a1d93e29825e",
            CorrelationId = "743da362-69df-4e63-a95f-a1d93e29825e",
            ContentType = new AmqpSymbol("application/json"),
            Subject = "sale_event",
            CreationTime = new AmqpTimestamp(1_700_000_000_000),
            AbsoluteExpiryTime = new AmqpTimestamp(1_700_086_400_000),
        },
        ApplicationProperties = new ApplicationProperties
        {
            Map =
            {
                ["event_type"] = "sale_event",
                ["priority_shipping"] = false,
                ["traceparent"] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            },
        },
        DataBody = [new Data(Body)],
    };
}
