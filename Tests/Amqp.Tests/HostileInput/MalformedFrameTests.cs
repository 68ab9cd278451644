using System.Buffers.Binary;
using Amqp.Framing;
using Amqp.Sasl;

namespace Amqp.Tests.HostileInput;

public class MalformedFrameTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private AmqpListener _listener = null!;

    public Task InitializeAsync()
    {
        _listener = new AmqpListener(new AmqpListenerSettings
        {
            Sasl = null,
            Connection = { MaxFrameSize = 64 * 1024 },
            Session = { IncomingWindow = 0 },
        });
        _listener.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _listener.DisposeAsync();

    private Task<byte[]> Play(params byte[][] parts) => RawFrames.PlayAsync(_listener.LocalEndpoint.Port, parts.SelectMany(p => p).ToArray(), Timeout);

    private static byte[] Bytes(params byte[] bytes) => bytes;

    private static AmqpSymbol? Condition(byte[] answer) => RawFrames.FindClose(answer)?.Error?.Condition;

    [Fact]
    public async Task A_frame_announcing_four_gibibytes_is_a_framing_error_not_an_allocation()
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var answer = await Play(RawFrames.Header, RawFrames.Open, Bytes(0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0));
        Assert.Equal(ErrorCondition.FramingError, Condition(answer));
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 64 * 1024 * 1024);
    }

    [Fact]
    public async Task A_frame_smaller_than_its_header_is_a_framing_error() =>
        Assert.Equal(ErrorCondition.FramingError, Condition(await Play(RawFrames.Header, RawFrames.Open, Bytes(0, 0, 0, 4, 2, 0, 0, 0))));

    [Fact]
    public async Task A_bad_data_offset_is_a_framing_error() =>
        Assert.Equal(ErrorCondition.FramingError, Condition(await Play(RawFrames.Header, RawFrames.Open, Bytes(0, 0, 0, 8, 1, 0, 0, 0))));

    [Fact]
    public async Task An_invalid_type_code_in_a_performative_is_a_decode_error() =>
        Assert.Equal(ErrorCondition.DecodeError, Condition(await Play(RawFrames.Header, RawFrames.Open, Bytes(0, 0, 0, 12, 2, 0, 0, 0, 0x00, 0x53, 0x11, 0x57))));

    [Fact]
    public async Task A_performative_missing_a_mandatory_field_is_a_decode_error() =>
        Assert.Equal(ErrorCondition.DecodeError, Condition(await Play(RawFrames.Header, RawFrames.Open, RawFrames.Frame(new Begin { NextOutgoingId = 0 }))));

    [Fact]
    public async Task A_frame_on_an_unknown_channel_closes_the_connection() =>
        Assert.Equal(ErrorCondition.NotFound, Condition(await Play(RawFrames.Header, RawFrames.Open, RawFrames.Frame(new End(), channel: 7))));

    [Fact]
    public async Task A_transfer_beyond_the_incoming_window_is_a_window_violation() =>
        Assert.Equal(ErrorCondition.WindowViolation, Condition(await Play(RawFrames.Header, RawFrames.Open, RawFrames.Begin, RawFrames.AttachSender, RawFrames.Transfer(0))));

    [Fact]
    public async Task A_transfer_on_an_unattached_handle_is_refused() =>
        Assert.NotNull(Condition(await Play(RawFrames.Header, RawFrames.Open, RawFrames.Begin, RawFrames.Transfer(0))));

    [Fact]
    public async Task A_second_open_is_an_illegal_state() =>
        Assert.Equal(ErrorCondition.IllegalState, Condition(await Play(RawFrames.Header, RawFrames.Open, RawFrames.Open)));

    [Fact]
    public async Task A_sasl_frame_after_open_is_a_framing_error() =>
        Assert.Equal(ErrorCondition.FramingError, Condition(await Play(RawFrames.Header, RawFrames.Open, RawFrames.Frame(new SaslInit { Mechanism = SaslProfile.AnonymousName }, type: FrameType.Sasl))));

    [Fact]
    public async Task An_announced_max_frame_size_below_512_is_refused() =>
        Assert.Equal(ErrorCondition.FrameSizeTooSmall, Condition(await Play(RawFrames.Header, RawFrames.Frame(new Open { ContainerId = "x", MaxFrameSize = 100 }))));

    [Fact]
    public async Task An_unknown_protocol_header_is_answered_with_the_supported_header()
    {
        var answer = await Play("AMQP\u0009\u0001\0\0"u8.ToArray());
        Assert.Equal(ProtocolHeader.Amqp.ToArray(), answer.Take(8).ToArray());
    }

    [Fact]
    public async Task A_truncated_frame_followed_by_silence_does_not_hurt_the_server()
    {
        var open = RawFrames.Open;
        await Play(RawFrames.Header, open[..(open.Length / 2)]);
        await using var connection = await AmqpConnection.ConnectAsync(new Uri($"amqp://127.0.0.1:{_listener.LocalEndpoint.Port}"), new AmqpConnectionSettings(), CancellationToken.None);
        Assert.False(connection.IsClosed);
    }

    [Fact]
    public async Task A_nesting_bomb_is_a_decode_error()
    {
        var bomb = new List<byte>();
        for (var i = 0; i < 2000; i++)
        {
            bomb.AddRange([FormatCode.List8, 0, 1]);
        }

        bomb.Add(FormatCode.Null);
        // Fix up list8 sizes from the innermost outwards.
        var bytes = bomb.ToArray();
        for (var i = 1999; i >= 0; i--)
        {
            bytes[i * 3 + 1] = (byte)Math.Min(255, bytes.Length - (i * 3 + 2));
        }

        var body = new byte[] { 0x00, 0x53, 0x11 }.Concat(bytes).ToArray();
        var frame = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)frame.Length);
        frame[4] = 2;
        body.CopyTo(frame, 8);
        Assert.Equal(ErrorCondition.DecodeError, Condition(await Play(RawFrames.Header, RawFrames.Open, frame)));
    }

    [Fact]
    public async Task A_begin_above_channel_max_is_a_framing_error() =>
        Assert.Equal(ErrorCondition.FramingError, Condition(await Play(RawFrames.Header, RawFrames.Open, RawFrames.Frame(new Begin { NextOutgoingId = 0, IncomingWindow = 1, OutgoingWindow = 1 }, channel: 60000))));

    [Fact]
    public async Task Attaching_twice_on_one_handle_is_handle_in_use() =>
        Assert.Equal(ErrorCondition.HandleInUse, Condition(await Play(RawFrames.Header, RawFrames.Open, RawFrames.Begin, RawFrames.AttachSender, RawFrames.AttachSender)));

    [Fact]
    public async Task A_handle_above_handle_max_is_refused() =>
        Assert.NotNull(Condition(await Play(RawFrames.Header, RawFrames.Open, RawFrames.Begin,
            RawFrames.Frame(new Attach { Name = "x", Handle = 5_000_000, Role = Role.Sender, Target = new Target(), Source = new Source() }))));

    [Fact]
    public void An_attach_to_a_transaction_coordinator_decodes_with_the_target_kept_aside()
    {
        using var writer = new AmqpWriter();
        writer.WriteDescriptor(Attach.Descriptor);
        writer.WriteList(new AmqpList { "txn", 0u, false, null, null, new Source(), new DescribedValue(new AmqpSymbol("amqp:coordinator:list"), new AmqpList()) });
        var reader = new AmqpReader(writer.WrittenSpan);
        var attach = Assert.IsType<Attach>(reader.ReadValue());
        Assert.Null(attach.Target);
        Assert.Equal(new AmqpSymbol("amqp:coordinator:list"), Assert.IsType<DescribedValue>(attach.UnknownTarget).Descriptor);
    }
}
