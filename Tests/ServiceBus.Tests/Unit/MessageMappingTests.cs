using Amqp.Messaging;
using Amqp.Types;
using ServiceBus.Transport;

namespace ServiceBus.Tests.Unit;

public sealed class MessageMappingTests
{
    [Fact]
    public void Lock_token_reads_the_delivery_tag_in_dotnet_guid_byte_order()
    {
        // The wire brief's capture: tag e215a9c4 41ae af49 bdf8… is lock token c4a915e2-ae41-49af-bdf8-….
        byte[] tag = [0xe2, 0x15, 0xa9, 0xc4, 0x41, 0xae, 0xaf, 0x49, 0xbd, 0xf8, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06];

        var lockToken = AmqpMessageConverter.LockTokenFromDeliveryTag(tag);

        Assert.Equal("c4a915e2-ae41-49af-bdf8-010203040506", lockToken.ToString());
        Assert.Equal(tag, AmqpMessageConverter.DeliveryTagFromLockToken(lockToken));
    }

    [Fact]
    public void Properties_land_in_the_amqp_sections_service_bus_reads_them_from()
    {
        var message = new ServiceBusMessage("body")
        {
            MessageId = "m", CorrelationId = "c", Subject = "s", ContentType = "application/json", SessionId = "session",
            ReplyToSessionId = "reply-session", To = "to", ReplyTo = "reply", PartitionKey = "pk",
            TimeToLive = TimeSpan.FromSeconds(30), ScheduledEnqueueTime = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000),
            ApplicationProperties = { ["n"] = 5L, ["span"] = TimeSpan.FromSeconds(2) },
        };

        var amqp = AmqpMessage.Decode(AmqpMessageConverter.Encode(AmqpMessageConverter.ToAmqpMessage(message)));

        Assert.Equal("m", amqp.Properties!.MessageId);
        Assert.Equal(new AmqpSymbol("application/json"), amqp.Properties.ContentType);
        Assert.Equal("session", amqp.Properties.GroupId);
        Assert.Equal("reply-session", amqp.Properties.ReplyToGroupId);
        Assert.Equal(30_000u, amqp.Header!.Ttl);
        Assert.Equal(new AmqpTimestamp(1_800_000_000_000), amqp.MessageAnnotations!.Map.GetValueOrDefault(new AmqpSymbol("x-opt-scheduled-enqueue-time")));
        Assert.Equal("pk", amqp.MessageAnnotations.Map.GetValueOrDefault(new AmqpSymbol("x-opt-partition-key")));
        Assert.Equal(5L, amqp.ApplicationProperties!.Map["n"]);
        Assert.Equal("body", System.Text.Encoding.UTF8.GetString(amqp.GetDataBody().Span));

        var back = AmqpMessageConverter.ToReceivedMessage(amqp, Guid.Empty, isPeeked: false);
        Assert.Equal(TimeSpan.FromSeconds(2), back.ApplicationProperties["span"]);
        Assert.Equal("pk", back.PartitionKey);
    }

    [Fact]
    public void Message_without_an_id_is_sent_without_one_for_the_broker_to_assign()
    {
        var amqp = AmqpMessageConverter.ToAmqpMessage(new ServiceBusMessage("x"));

        Assert.Null(amqp.Properties!.MessageId);
    }

    [Fact]
    public void Broker_annotations_become_received_message_properties()
    {
        var amqp = AmqpMessage.FromData(new byte[] { 1, 2 });
        amqp.Header = new Header { DeliveryCount = 2 };
        amqp.MessageAnnotations = new MessageAnnotations(new AmqpMap
        {
            [new AmqpSymbol("x-opt-sequence-number")] = 42L,
            [new AmqpSymbol("x-opt-enqueued-time")] = new AmqpTimestamp(1_700_000_000_000),
            [new AmqpSymbol("x-opt-locked-until")] = new AmqpTimestamp(1_700_000_060_000),
            [new AmqpSymbol("x-opt-message-state")] = 1,
        });
        amqp.ApplicationProperties = new ApplicationProperties(new AmqpMap { ["DeadLetterReason"] = "r", ["DeadLetterErrorDescription"] = "d" });
        var decoded = AmqpMessage.Decode(AmqpMessageConverter.Encode(amqp));

        var received = AmqpMessageConverter.ToReceivedMessage(decoded, Guid.NewGuid(), isPeeked: false);
        var peeked = AmqpMessageConverter.ToReceivedMessage(decoded, Guid.Empty, isPeeked: true);

        Assert.Equal(42, received.SequenceNumber);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), received.EnqueuedTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_060_000), received.LockedUntil);
        Assert.Equal(ServiceBusMessageState.Deferred, received.State);
        Assert.Equal(3, received.DeliveryCount);
        Assert.Equal(2, peeked.DeliveryCount);
        Assert.Equal("r", received.DeadLetterReason);
        Assert.Equal("d", received.DeadLetterErrorDescription);
        Assert.Equal(new byte[] { 1, 2 }, received.Body.ToArray());
    }

    [Fact]
    public void Unsupported_application_property_type_is_refused_naming_the_property()
    {
        var message = new ServiceBusMessage("x") { ApplicationProperties = { ["bad"] = new object() } };

        var error = Assert.Throws<ArgumentException>(() => AmqpMessageConverter.ToAmqpMessage(message));

        Assert.Contains("'bad'", error.Message, StringComparison.Ordinal);
    }
}
