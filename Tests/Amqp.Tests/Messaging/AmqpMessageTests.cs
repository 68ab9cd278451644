using Amqp.Framing;
using Amqp.Messaging;

namespace Amqp.Tests.Messaging;

public class AmqpMessageTests
{
    private static AmqpMessage FullMessage() => new()
    {
        Header = new Header { Durable = true, Priority = 4, Ttl = 86_400_000, DeliveryCount = 0 },
        DeliveryAnnotations = new DeliveryAnnotations { Map = { [new AmqpSymbol("x-da")] = 1L } },
        MessageAnnotations = new MessageAnnotations { Map = { [new AmqpSymbol("x-opt-scheduled-enqueue-time")] = new AmqpTimestamp(1_700_000_000_000) } },
        Properties = new Properties { MessageId = "id-1", CorrelationId = 42ul, ContentType = new AmqpSymbol("application/json"), Subject = "sale_event", GroupId = "session-1", CreationTime = new AmqpTimestamp(5) },
        ApplicationProperties = new ApplicationProperties { Map = { ["event_type"] = "sale_event", ["priority_shipping"] = true, ["n"] = 7u } },
        DataBody = [new Data("{\"a\":1}"u8.ToArray())],
        Footer = new Footer { Map = { [new AmqpSymbol("x-hash")] = new byte[] { 1, 2 } } },
    };

    private static byte[] Encode(AmqpMessage message)
    {
        using var writer = new AmqpWriter();
        message.Encode(writer);
        return writer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Every_section_round_trips_with_its_types()
    {
        var decoded = AmqpMessage.Decode(Encode(FullMessage()));
        Assert.Equal((byte)4, decoded.Header!.Priority);
        Assert.Equal(1L, decoded.DeliveryAnnotations!.Map[new AmqpSymbol("x-da")]);
        Assert.IsType<AmqpTimestamp>(decoded.MessageAnnotations!.Map[new AmqpSymbol("x-opt-scheduled-enqueue-time")]);
        Assert.Equal(42ul, decoded.Properties!.CorrelationId);
        Assert.Equal(new AmqpSymbol("application/json"), decoded.Properties.ContentType);
        Assert.Equal(7u, decoded.ApplicationProperties!["n"]);
        Assert.Equal("{\"a\":1}"u8.ToArray(), decoded.GetDataBody().ToArray());
        Assert.NotNull(decoded.Footer);
        Assert.Equal(7, decoded.Sections.Count);
    }

    [Fact]
    public void Value_and_sequence_bodies_round_trip()
    {
        Assert.Equal("hello", AmqpMessage.Decode(Encode(AmqpMessage.FromValue("hello"))).ValueBody!.Value);
        var sequence = new AmqpMessage { SequenceBody = [new AmqpSequence(new AmqpList { 1, "a" }), new AmqpSequence(new AmqpList { 2u })] };
        var decoded = AmqpMessage.Decode(Encode(sequence));
        Assert.Equal(2, decoded.SequenceBody!.Count);
        Assert.Equal(2u, decoded.SequenceBody[1].List[0]);
    }

    [Fact]
    public void A_broker_can_rewrite_header_and_annotations_and_pass_the_rest_through_as_original_bytes()
    {
        var original = Encode(FullMessage());
        var source = AmqpMessage.Decode(original);
        var bareMessage = source.Sections.Where(s => s.Code >= MessageSectionCode.Properties).ToArray();

        using var output = new AmqpWriter();
        var annotations = new MessageAnnotations(source.MessageAnnotations!.Map);
        annotations.Map[new AmqpSymbol("x-opt-sequence-number")] = 17L;
        AmqpMessage.Rewrite(original, output, new Header { Durable = true, DeliveryCount = 3 }, annotations);

        var rewritten = output.WrittenSpan.ToArray();
        var decoded = AmqpMessage.Decode(rewritten);
        Assert.Equal(3u, decoded.Header!.DeliveryCount);
        Assert.Equal(17L, decoded.MessageAnnotations!.Map[new AmqpSymbol("x-opt-sequence-number")]);
        Assert.Equal(1L, decoded.DeliveryAnnotations!.Map[new AmqpSymbol("x-da")]);
        // The bare message (properties .. footer) is byte-for-byte the sender's.
        var originalBare = original.AsSpan(bareMessage[0].Offset).ToArray();
        var rewrittenBare = rewritten.AsSpan(decoded.Sections.First(s => s.Code == MessageSectionCode.Properties).Offset).ToArray();
        Assert.Equal(originalBare, rewrittenBare);
    }

    [Fact]
    public void Rewrite_inserts_sections_the_original_lacked_in_spec_order()
    {
        var original = Encode(AmqpMessage.FromData(new byte[] { 9 }));
        using var output = new AmqpWriter();
        AmqpMessage.Rewrite(original, output, new Header { DeliveryCount = 1 }, new MessageAnnotations { Map = { [new AmqpSymbol("x-opt-locked-until")] = new AmqpTimestamp(1) } });
        var decoded = AmqpMessage.Decode(output.WrittenMemory);
        Assert.Equal(new[] { MessageSectionCode.Header, MessageSectionCode.MessageAnnotations, MessageSectionCode.Data }, decoded.Sections.Select(s => s.Code));
    }

    [Fact]
    public void Sections_out_of_order_are_a_decode_error()
    {
        using var writer = new AmqpWriter();
        new Properties { MessageId = "x" }.Encode(writer);
        new Header().Encode(writer);
        var bytes = writer.WrittenSpan.ToArray();
        Assert.Equal(ErrorCondition.DecodeError, Assert.Throws<AmqpException>(() => AmqpMessage.Decode(bytes)).Condition);
    }

    [Fact]
    public void Data_bodies_are_views_over_the_payload_not_copies()
    {
        var payload = Encode(AmqpMessage.FromData(new byte[] { 1, 2, 3 }));
        var decoded = AmqpMessage.Decode(payload);
        payload[^1] = 99;
        Assert.Equal(99, decoded.GetDataBody().Span[2]);
    }
}
