using Amqp.Framing;
using Amqp.Messaging;
using Amqp.Sasl;

namespace Amqp.Tests.Framing;

public class PerformativeRoundTripTests
{
    private static T RoundTrip<T>(T value) where T : DescribedList
    {
        using var writer = new AmqpWriter();
        value.Encode(writer);
        var reader = new AmqpReader(writer.WrittenSpan);
        var decoded = reader.ReadValue();
        Assert.True(reader.IsAtEnd);
        return Assert.IsType<T>(decoded);
    }

    [Fact]
    public void Open_keeps_every_field()
    {
        var open = RoundTrip(new Open
        {
            ContainerId = "c1", Hostname = "host", MaxFrameSize = 65536, ChannelMax = 7, IdleTimeOut = 60000,
            OutgoingLocales = [new AmqpSymbol("en-US")], IncomingLocales = [new AmqpSymbol("en-US")],
            OfferedCapabilities = [new AmqpSymbol("ANONYMOUS-RELAY")], DesiredCapabilities = [new AmqpSymbol("a"), new AmqpSymbol("b")],
            Properties = new AmqpMap { [new AmqpSymbol("product")] = "MSJSClient" },
        });
        Assert.Equal("c1", open.ContainerId);
        Assert.Equal(65536u, open.MaxFrameSize);
        Assert.Equal((ushort)7, open.ChannelMax);
        Assert.Equal(60000u, open.IdleTimeOut);
        Assert.Equal([new AmqpSymbol("a"), new AmqpSymbol("b")], open.DesiredCapabilities!);
        Assert.Equal("MSJSClient", open.Properties![new AmqpSymbol("product")]);
    }

    [Fact]
    public void Attach_keeps_terminus_settle_modes_and_max_message_size()
    {
        var attach = RoundTrip(new Attach
        {
            Name = "l", Handle = 3, Role = Role.Receiver, SndSettleMode = SenderSettleMode.Unsettled, RcvSettleMode = ReceiverSettleMode.Second,
            Source = new Source { Address = "q1", Filter = new AmqpMap { [new AmqpSymbol("com.microsoft:session-filter")] = "s1" }, Outcomes = [Accepted.DescriptorName], DefaultOutcome = new Modified { DeliveryFailed = true } },
            Target = new Target { Address = "reply", Dynamic = false, Capabilities = [new AmqpSymbol("queue")] },
            InitialDeliveryCount = 0, MaxMessageSize = 262144,
            Properties = new AmqpMap { [new AmqpSymbol("com.microsoft:timeout")] = 60000u },
        });
        Assert.Equal(Role.Receiver, attach.Role);
        Assert.Equal(SenderSettleMode.Unsettled, attach.SndSettleMode);
        Assert.Equal(ReceiverSettleMode.Second, attach.RcvSettleMode);
        Assert.Equal("q1", attach.Source!.Address);
        Assert.Equal("s1", attach.Source.Filter![new AmqpSymbol("com.microsoft:session-filter")]);
        Assert.True(Assert.IsType<Modified>(attach.Source.DefaultOutcome).DeliveryFailed);
        Assert.Equal(262144ul, attach.MaxMessageSize);
        Assert.IsType<uint>(attach.Properties![new AmqpSymbol("com.microsoft:timeout")]);
    }

    [Fact]
    public void Transfer_exposes_the_batched_message_format()
    {
        var transfer = RoundTrip(new Transfer { Handle = 1, DeliveryId = 9, DeliveryTag = new byte[16], MessageFormat = 0x80013700, Settled = false, More = true, State = new Received { SectionNumber = 1, SectionOffset = 2 } });
        Assert.Equal(0x80013700u, transfer.MessageFormat);
        Assert.True(transfer.More);
        Assert.Equal(16, transfer.DeliveryTag!.Value.Length);
        Assert.Equal(2ul, Assert.IsType<Received>(transfer.State).SectionOffset);
    }

    [Fact]
    public void Flow_disposition_detach_end_close_round_trip()
    {
        var flow = RoundTrip(new Flow { NextIncomingId = 1, IncomingWindow = 2, NextOutgoingId = 3, OutgoingWindow = 4, Handle = 5, DeliveryCount = 6, LinkCredit = 7, Available = 8, Drain = true, Echo = true });
        Assert.Equal((1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, true, true), (flow.NextIncomingId, flow.IncomingWindow, flow.NextOutgoingId, flow.OutgoingWindow, flow.Handle, flow.DeliveryCount, flow.LinkCredit, flow.Available, flow.Drain, flow.Echo));
        var disposition = RoundTrip(new Disposition { Role = Role.Sender, First = 1, Last = 5, Settled = true, State = new Rejected { Error = new Error(ErrorCondition.NotFound, "gone", new AmqpMap { [new AmqpSymbol("k")] = "v" }) } });
        var rejected = Assert.IsType<Rejected>(disposition.State);
        Assert.Equal(ErrorCondition.NotFound, rejected.Error!.Condition);
        Assert.Equal("v", rejected.Error.Info![new AmqpSymbol("k")]);
        Assert.Equal(ErrorCondition.DetachForced, RoundTrip(new Detach { Handle = 1, Closed = true, Error = new Error(ErrorCondition.DetachForced) }).Error!.Condition);
        Assert.Null(RoundTrip(new End()).Error);
        Assert.Equal("bye", RoundTrip(new Close { Error = new Error(ErrorCondition.ConnectionForced, "bye") }).Error!.Description);
    }

    [Fact]
    public void Sasl_frames_round_trip()
    {
        Assert.Equal([SaslProfile.MsSbCbsName, SaslProfile.AnonymousName], RoundTrip(new SaslMechanisms { SaslServerMechanisms = [SaslProfile.MsSbCbsName, SaslProfile.AnonymousName] }).SaslServerMechanisms!);
        var init = RoundTrip(new SaslInit { Mechanism = SaslProfile.PlainName, InitialResponse = "\0u\0p"u8.ToArray(), Hostname = "h" });
        Assert.Equal("\0u\0p"u8.ToArray(), init.InitialResponse!.Value.ToArray());
        Assert.Equal(SaslCode.Auth, RoundTrip(new SaslOutcome { Code = SaslCode.Auth }).Code);
        Assert.Equal(3, RoundTrip(new SaslChallenge { Challenge = new byte[3] }).Challenge!.Value.Length);
        Assert.Equal(2, RoundTrip(new SaslResponse { Response = new byte[2] }).Response!.Value.Length);
    }

    [Fact]
    public void Trailing_null_fields_are_omitted_on_the_wire()
    {
        using var writer = new AmqpWriter();
        new End().Encode(writer);
        Assert.Equal(new byte[] { 0x00, 0x53, 0x17, 0x45 }, writer.WrittenSpan.ToArray());
        writer.Reset();
        new Detach { Handle = 2 }.Encode(writer);
        Assert.Equal(new byte[] { 0x00, 0x53, 0x16, 0xc0, 0x03, 0x01, 0x52, 0x02 }, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Composites_sent_with_symbolic_descriptors_are_recognised()
    {
        using var writer = new AmqpWriter();
        writer.WriteRawByte(FormatCode.Described);
        writer.WriteSymbol(new AmqpSymbol("amqp:accepted:list"));
        writer.WriteRawByte(FormatCode.List0);
        var reader = new AmqpReader(writer.WrittenSpan);
        Assert.IsType<Accepted>(reader.ReadValue());
    }

    [Theory]
    [InlineData(typeof(Open), 0x10ul, "amqp:open:list")]
    [InlineData(typeof(Begin), 0x11ul, "amqp:begin:list")]
    [InlineData(typeof(Attach), 0x12ul, "amqp:attach:list")]
    [InlineData(typeof(Flow), 0x13ul, "amqp:flow:list")]
    [InlineData(typeof(Transfer), 0x14ul, "amqp:transfer:list")]
    [InlineData(typeof(Disposition), 0x15ul, "amqp:disposition:list")]
    [InlineData(typeof(Detach), 0x16ul, "amqp:detach:list")]
    [InlineData(typeof(End), 0x17ul, "amqp:end:list")]
    [InlineData(typeof(Close), 0x18ul, "amqp:close:list")]
    [InlineData(typeof(Error), 0x1dul, "amqp:error:list")]
    [InlineData(typeof(Received), 0x23ul, "amqp:received:list")]
    [InlineData(typeof(Accepted), 0x24ul, "amqp:accepted:list")]
    [InlineData(typeof(Rejected), 0x25ul, "amqp:rejected:list")]
    [InlineData(typeof(Released), 0x26ul, "amqp:released:list")]
    [InlineData(typeof(Modified), 0x27ul, "amqp:modified:list")]
    [InlineData(typeof(Source), 0x28ul, "amqp:source:list")]
    [InlineData(typeof(Target), 0x29ul, "amqp:target:list")]
    [InlineData(typeof(DeleteOnClose), 0x2bul, "amqp:delete-on-close:list")]
    [InlineData(typeof(DeleteOnNoLinks), 0x2cul, "amqp:delete-on-no-links:list")]
    [InlineData(typeof(DeleteOnNoMessages), 0x2dul, "amqp:delete-on-no-messages:list")]
    [InlineData(typeof(DeleteOnNoLinksOrMessages), 0x2eul, "amqp:delete-on-no-links-or-messages:list")]
    [InlineData(typeof(SaslMechanisms), 0x40ul, "amqp:sasl-mechanisms:list")]
    [InlineData(typeof(SaslInit), 0x41ul, "amqp:sasl-init:list")]
    [InlineData(typeof(SaslChallenge), 0x42ul, "amqp:sasl-challenge:list")]
    [InlineData(typeof(SaslResponse), 0x43ul, "amqp:sasl-response:list")]
    [InlineData(typeof(SaslOutcome), 0x44ul, "amqp:sasl-outcome:list")]
    [InlineData(typeof(Header), 0x70ul, "amqp:header:list")]
    [InlineData(typeof(Properties), 0x73ul, "amqp:properties:list")]
    public void Descriptors_match_the_specification(Type type, ulong code, string name)
    {
        var instance = (DescribedList)Activator.CreateInstance(type)!;
        Assert.Equal(code, instance.DescriptorCode);
        Assert.True(DescribedTypeRegistry.TryGetCode(new AmqpSymbol(name), out var registered));
        Assert.Equal(code, registered);
    }

    [Fact]
    public void Protocol_headers_and_constants_match_the_specification()
    {
        Assert.Equal("AMQP\0\u0001\0\0"u8.ToArray(), ProtocolHeader.Amqp.ToArray());
        Assert.Equal("AMQP\u0003\u0001\0\0"u8.ToArray(), ProtocolHeader.Sasl.ToArray());
        Assert.Equal(512u, FrameType.MinMaxFrameSize);
        Assert.Equal("amqp:session:window-violation", ErrorCondition.WindowViolation.Value);
        Assert.Equal("amqp:connection:framing-error", ErrorCondition.FramingError.Value);
        Assert.Equal("amqp:link:message-size-exceeded", ErrorCondition.MessageSizeExceeded.Value);
        Assert.Equal((ulong)0x75, MessageSectionCode.Data);
    }
}
